package main

// noCryptoInBrowser: an app that never encrypts links none of Go's crypto
// packages into its wasm: app.wasm 64 KB smaller with brotli -q 11
// (1,301,288 -> 1,236,897 bytes), about 5% of a first visit's download.
//
// go-app imported crypto from two places that every app links:
//
//   - github.com/google/uuid, for the two random IDs it makes (DeviceID,
//     and the broadcast channel's ID in state.go). The package imports
//     crypto/rand, crypto/md5 and crypto/sha1, whose init functions
//     register their hashes, so all three are linked whether or not an ID
//     is ever made. In the browser the copy takes the 16 random bytes from
//     the browser's own generator (crypto.getRandomValues, there for
//     every page, secure or not); natively from crypto/rand, as uuid did.
//     Both are formatted by uuidV4, as uuid formats them.
//   - crypto.go (Context.Encrypt and Decrypt: AES-GCM). Go's AES, GCM and
//     random generator belong to its FIPS module, whose packages run
//     self-tests from their init functions and link SHA-2, SHA-3, HMAC and
//     a DRBG with them. Built with -tags goapp_nocrypto (make wasm does:
//     Next Steps never encrypts), Encrypt and Decrypt in the browser
//     return an error saying so instead. Without the tag, or natively,
//     they are as before.
//
// The third importer was our own: content's SHA-256, which names the data
// files, is now in content/write.go, natively only. TestTrimmedBuild
// checks that the wasm links no crypto package; uuid_test.go (run by
// TestMarkupInGoApp) that uuidV4 formats as uuid does.
var noCryptoInBrowser = []edit{
	{file: "context.go",
		old: []string{"\t\"github.com/google/uuid\"\n", "\tid = uuid.NewString()\n"},
		new: []string{"", "\tid = newUUID() // uuid.go, added by nextsteps/cmd/trimgoapp\n"}},
	{file: "state.go",
		old: []string{"\t\"github.com/google/uuid\"\n", "\t\tm.broadcastStoreID = uuid.NewString()\n"},
		new: []string{"", "\t\tm.broadcastStoreID = newUUID()\n"}},
	{file: "crypto.go",
		old: []string{"package app\n"},
		new: []string{"//go:build !wasm || !goapp_nocrypto\n\npackage app\n"}},
	{file: "crypto_none.go", new: []string{`//go:build wasm && goapp_nocrypto

package app

import "github.com/maxence-charriere/go-app/v10/pkg/errors"

// Built with -tags goapp_nocrypto, the browser build links no AES: see
// crypto.go for the ciphers without the tag.

func encrypt(key string, v []byte) ([]byte, error) {
	return nil, errors.New("encryption is not in this build (built with -tags goapp_nocrypto)")
}

func decrypt(key string, v []byte) ([]byte, error) {
	return nil, errors.New("decryption is not in this build (built with -tags goapp_nocrypto)")
}
`}},
	{file: "uuid.go", new: []string{`package app

import "encoding/hex"

// uuidV4 is a random UUID (version 4, RFC 9562) made of the 16 random
// bytes b, written as github.com/google/uuid writes one. newUUID gives it
// the bytes: natively from crypto/rand (uuid_native.go), in the browser
// from the browser's generator (uuid_wasm.go), so that the browser build
// links no crypto package for an ID.
func uuidV4(b [16]byte) string {
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // the RFC's variant
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
`}},
	{file: "uuid_native.go", new: []string{`//go:build !wasm

package app

import "crypto/rand"

func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand's documentation)
	return uuidV4(b)
}
`}},
	{file: "uuid_wasm.go", new: []string{`//go:build wasm

package app

// newUUID takes its bytes from crypto.getRandomValues, which the browser
// gives every page, secure or not (crypto.randomUUID needs a secure one).
func newUUID() string {
	a := Window().Get("Uint8Array").New(16)
	Window().Get("crypto").Call("getRandomValues", a)
	var b [16]byte
	CopyBytesToGo(b[:], a)
	return uuidV4(b)
}
`}},
	{file: "uuid_test.go", new: []string{`package app

import (
	"bytes"
	"testing"

	"github.com/google/uuid"
)

func TestUUIDV4AsGoogleUUID(t *testing.T) {
	for _, b := range [][16]byte{
		{},
		{0: 0xff, 1: 0xff, 2: 0xff, 3: 0xff, 4: 0xff, 5: 0xff, 6: 0xff, 7: 0xff, 8: 0xff, 9: 0xff, 10: 0xff, 11: 0xff, 12: 0xff, 13: 0xff, 14: 0xff, 15: 0xff},
		{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe},
	} {
		want, err := uuid.NewRandomFromReader(bytes.NewReader(b[:]))
		if err != nil {
			t.Fatal(err)
		}
		if got := uuidV4(b); got != want.String() {
			t.Errorf("uuidV4(%x) = %s, want %s", b, got, want)
		}
	}
	a, b := newUUID(), newUUID()
	if a == b {
		t.Errorf("two IDs alike: %s", a)
	}
	if u, err := uuid.Parse(a); err != nil || u.Version() != 4 || u.Variant() != uuid.RFC4122 {
		t.Errorf("newUUID() = %s: %v, version %v, variant %v", a, err, u.Version(), u.Variant())
	}
}
`}},
}
