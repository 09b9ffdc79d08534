// Package ollamatest runs a real Ollama server, tiny generated models and a
// local OCI registry for integration tests. It is test support: only
// _test.go files import it.
//
// # Binaries
//
// `make ollama` (build/scripts/ollama.sh) builds them into .cache/ at the
// module root; `make test` does that first. Environment:
//
//	GENKAI_OLLAMA_BIN      the ollama binary (default .cache/ollama/<version>/bin/ollama,
//	                       <version> being the github.com/ollama/ollama module's)
//	GENKAI_REGISTRY_BIN    the distribution registry binary
//	                       (default .cache/registry/v3.0.0/bin/registry)
//	GENKAI_REQUIRE_OLLAMA  "1" (set by `make test`): a missing binary fails the test;
//	                       otherwise the test is skipped with a hint to run `make ollama`
//
// # Server
//
// Start runs `ollama serve` on a free 127.0.0.1 port with a temp HOME and
// model store; Server.URL, Server.Host (the OLLAMA_HOST value) and
// Server.Client give access; Server.Stop stops it early (the test's cleanup
// does otherwise); Server.Log has its output, attached to failed tests.
//
// # Models
//
// CreateModel (or Install, for any *api.Client) creates a model from a
// generated GGUF in ~30 ms; the first request to it takes ≈0.3 s (runner
// start), later ones a few ms:
//
//	RandomLlama   a random llama: gibberish replies of ≤32 tokens, /api/embed dim 64
//	CannedLlama   answers every prompt with the given text, streamed word by word, then stops
//	BertEmbedder  /api/embed with normalized dim-64 vectors; chat is refused
//
// GGUF returns the file bytes (deterministic: stable digests).
//
// # Registry
//
// StartRegistry runs a registry behind an in-process shim that makes
// `ollama pull` work offline. Registry.Publish creates a model on a
// short-lived server of its own and pushes it, returning the name to pull;
// Registry.Push pushes an existing model; Registry.PullName names any
// model (missing ones give "file does not exist" in the pull stream);
// Registry.SetBlobRate slows downloads so progress is visible. A pull takes
// ≥1 s per layer whatever the rate (Ollama's downloader checks a finished
// part only once a second): ≈4 s for a llama (model, template, params,
// config), ≈2 s for the bert model.
//
//	srv := ollamatest.Start(t)
//	ollamatest.CreateModel(t, srv, "tiny", ollamatest.CannedLlama, "玄界 は スパコン です。")
//
//	reg := ollamatest.StartRegistry(t)
//	name := reg.Publish(t, "embed", ollamatest.BertEmbedder, "") // 127.0.0.1:PORT/library/embed:latest
//	reg.SetBlobRate(512 << 10)
//	// POST srv.URL+"/api/pull" {"model": name, "insecure": true}: pulling… total/completed … success
package ollamatest
