// Package help holds the app's built-in user manual: Markdown pages in
// Japanese and English, embedded in the binary, to be indexed as a
// read-only source (「玄界RAG ヘルプ」) so that a new user's question such as
// 「バックアップの取り方は？」 finds the right section, with or without a
// model.
//
// The pages live in docs/ja and docs/en with the same file names in both
// languages (01-getting-started.md, …), one topic per file, one task per
// "###" heading. Anchors are the heading slugs the ingest package generates,
// so a citation opens the page at its section.
//
// The package only serves the files; indexing them is the caller's job.
// Version changes whenever a page changes, so the caller can re-index the
// help source after an upgrade and leave it alone otherwise.
package help

import (
	"crypto/sha256"
	"embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed docs
var embedded embed.FS

// DefaultLang is the language of the manual when none or an unknown one is
// asked for.
const DefaultLang = "ja"

// Langs are the languages the manual is written in, DefaultLang first.
var Langs = []string{"ja", "en"}

// titles are the names of the help source as the library lists it.
var titles = map[string]string{"ja": "玄界RAG ヘルプ", "en": "Genkai RAG help"}

// Lang returns the manual's language for a UI or locale language: "en" for
// anything starting with "en" ("en", "en-US", "en_GB.UTF-8", "EN"), else
// DefaultLang ("ja", "ja_JP.UTF-8", "", "C", "fr").
func Lang(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	for _, sep := range []string{"-", "_", ".", "@"} {
		l, _, _ = strings.Cut(l, sep)
	}
	for _, known := range Langs {
		if l == known {
			return known
		}
	}
	return DefaultLang
}

// Docs returns the manual in lang (normalised by Lang, so "" and unknown
// languages give Japanese) as a read-only file system whose root holds the
// pages, e.g. "05-backups.md". Links between pages are relative to that
// root. It never returns nil.
func Docs(lang string) fs.FS {
	sub, err := fs.Sub(embedded, "docs/"+Lang(lang))
	if err != nil { // cannot happen: the path is a constant, valid name
		panic(fmt.Sprintf("help: %v", err))
	}
	return sub
}

// All returns the whole manual: one folder per language ("ja/…", "en/…").
// Paths in it are the "page path relative to backend/help/docs" used by
// testdata/help-questions.tsv.
func All() fs.FS {
	sub, err := fs.Sub(embedded, "docs")
	if err != nil {
		panic(fmt.Sprintf("help: %v", err))
	}
	return sub
}

// Title returns the name of the help source in lang (normalised by Lang):
// 「玄界RAG ヘルプ」 or "Genkai RAG help".
func Title(lang string) string { return titles[Lang(lang)] }

// Version identifies the content of the embedded manual: 16 hex digits of
// a SHA-256 over every file's path and bytes (see ContentVersion). It
// changes when any page is added, removed, renamed or edited, and only
// then, so a stored copy of it tells whether the help source must be
// indexed again.
var Version = mustVersion()

func mustVersion() string {
	v, err := ContentVersion(All())
	if err != nil {
		panic(fmt.Sprintf("help: %v", err))
	}
	return v
}

// ContentVersion hashes every regular file of fsys, in the lexical order of
// fs.WalkDir, as its path and its content (each length-prefixed, so no two
// different trees hash alike by moving bytes between names and contents),
// and returns the first 16 hex digits of the SHA-256. Directories count
// only through the paths of their files. It fails only when fsys cannot be
// read.
func ContentVersion(fsys fs.FS) (string, error) {
	h := sha256.New()
	field := func(b []byte) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		field([]byte(path))
		field(b)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("help version: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
