# Contact Desk: `make run` opens the app, `make test` runs every gate and test.
# Both install what is missing first (see scripts/setup.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := run
CARGO ?= cargo
APP := target/debug/contact-desk
UI_SOURCES := $(shell find ui/src ui/public -type f) ui/index.html ui/package.json \
	ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json package-lock.json

.PHONY: run test setup-run setup-test ui app fmt-check clippy core-check ui-check ui-test \
	bindings bindings-check rust-test package-test bundle bench screenshot clean

run: setup-run app
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		exec $(APP); \
	else \
		scripts/desktop-session.sh scripts/screenshot.sh artifacts/screenshot.png; \
	fi

test: setup-test ui fmt-check clippy core-check ui-check ui-test bindings-check rust-test \
	package-test
	@echo "make test: every gate passed"

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

ui: ui/dist/index.html

ui/dist/index.html: $(UI_SOURCES)
	npm run build -w ui --silent

app: ui
	$(CARGO) build

fmt-check:
	$(CARGO) fmt --check

clippy: ui
	$(CARGO) clippy --all-targets --all-features -- -D warnings

# The core, CLI, tests and benches without the `desktop` feature: Tauri is absent, so a
# Tauri import outside src-tauri/desktop/ fails to compile here.
core-check:
	$(CARGO) clippy --all-targets --no-default-features -- -D warnings

ui-check:
	npm run check -w ui --silent

ui-test:
	npm run test -w ui --silent

# Rewrites ui/src/bindings.ts from the Rust commands.
bindings: ui
	UPDATE_BINDINGS=1 $(CARGO) test --lib -- desktop::bindings

bindings-check: ui
	$(CARGO) test --lib -- desktop::bindings

# Unit, integration and end-to-end tests, inside a D-Bus session with an unlocked keyring
# and an X display, as the keychain and window tests need.
rust-test: ui
	$(CARGO) test --no-run --quiet
	scripts/desktop-session.sh $(CARGO) test --no-fail-fast

screenshot: setup-run app
	scripts/desktop-session.sh scripts/screenshot.sh artifacts/screenshot.png

# The .deb made from the debug build: its Depends checked against the libraries the binary
# links, `dpkg -i` into a throwaway root, and the installed `contact-desk doctor` run.
package-test: app
	scripts/desktop-session.sh scripts/package-test.sh

bundle: setup-run ui
	npx tauri build --bundles deb
	@ls -lh target/release/bundle/deb/*.deb

# Measurements for BENCHMARKS.md (optimised build; takes a few minutes, sync_cost longer).
bench: setup-test ui
	$(CARGO) bench --bench backend
	$(CARGO) bench --bench sync_cost
	$(CARGO) bench --bench bulk_tag
	$(CARGO) bench --bench agency_sync
	scripts/desktop-session.sh $(CARGO) bench --bench ui

clean:
	$(CARGO) clean
	rm -rf ui/dist artifacts
