# Genkai RAG Desktop. The two commands a person needs:
#   make run    set up this machine, build, and open the desktop app
#   make test   set up this machine and run every test (what CI runs)
SHELL := /bin/bash
VERSION ?= $(shell sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)+$(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
TOOLS := $(CURDIR)/.tools/bin
export PATH := $(TOOLS):$(PATH)
GO_TAGS := desktop,production,webkit2_41
LDFLAGS := -w -s -X main.version=$(VERSION)
BIN := build/bin/genkai-rag
UNAME := $(shell uname -s)

.PHONY: setup run build headless frontend server package test test-go test-frontend smoke test-service image bench clean ollama

setup:
	@build/scripts/setup.sh

frontend: setup
	cd frontend && npm run build

# The desktop binary (also runs `server`, `status`, …). On macOS `wails build`
# makes build/bin/genkai-rag.app; on Linux a plain go build is the same thing.
build: frontend
ifeq ($(UNAME),Darwin)
	wails build -s -trimpath -ldflags "$(LDFLAGS)"
else
	go build -trimpath -tags $(GO_TAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .
endif

# The same program without the desktop window: no GTK/WebKit needed, static
# (CGO_ENABLED=0), for a team server (`genkai-rag-headless server`); packaged
# as genkai-rag-server (make package) and in the container image (make image).
headless: frontend
	CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)" -o build/bin/genkai-rag-headless .

run: build
ifeq ($(UNAME),Darwin)
	open build/bin/genkai-rag.app
else
	./$(BIN)
endif

# Headless server on http://127.0.0.1:8000 with the web UI.
server: build
	./$(BIN) server

# build/dist: genkai-rag (desktop) and genkai-rag-server (systemd service) .debs.
package: build headless
	build/scripts/package.sh $(VERSION)

# The real Ollama server (same version as the github.com/ollama/ollama module
# in go.mod) and a registry for the integration tests, built once into .cache/.
OLLAMA_VERSION := $(shell sed -n 's/^[[:space:]]*github\.com\/ollama\/ollama \(v[^[:space:]]*\).*/\1/p' go.mod | head -n1)
OLLAMA_BIN := $(CURDIR)/.cache/ollama/$(OLLAMA_VERSION)/bin/ollama
REGISTRY_BIN := $(CURDIR)/.cache/registry/v3.0.0/bin/registry

ollama: setup
	build/scripts/ollama.sh

# GENKAI_REQUIRE_OLLAMA=1: the real-server tests fail, not skip, without the binaries.
test-go: setup ollama
	go vet ./...
	GENKAI_REQUIRE_OLLAMA=1 GENKAI_OLLAMA_BIN=$(OLLAMA_BIN) GENKAI_REGISTRY_BIN=$(REGISTRY_BIN) \
		go test -race -count=1 ./...

test-frontend: setup
	cd frontend && npm run typecheck && npm test

smoke: package
	build/scripts/smoke.sh $(BIN)

# The genkai-rag-server .deb: contents, no GTK/WebKit dependency, maintainer
# scripts, `systemd-analyze verify` and `security` on its unit (about 1 s).
test-service: package
	build/scripts/check-server-package.sh

# The OCI image of the headless server (build/container/Containerfile, FROM
# scratch, no registry) with buildah, checked by its config and files and by
# running its server (about 15 s); tagged localhost/genkai-rag-server:VERSION
# and :latest, saved as build/dist/genkai-rag-server-image_VERSION.tar. Skips
# with a message where no builder works. build/container/compose.yaml runs it.
image: headless
	build/scripts/image.sh $(VERSION)

test: test-go test-frontend smoke test-service image
	@echo "make test: all checks passed"

# Figures: startup time, idle memory, binary size, Go benchmarks.
bench: build headless
	build/scripts/bench.sh $(BIN) build/bin/genkai-rag-headless

clean:
	rm -rf build/bin build/dist frontend/dist/assets frontend/dist/index.html
