# optirace — `make run` and `make test` are all a fresh machine with Go needs.
GO            ?= go
GOLANGCI_LINT := $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
BENCHSTAT     := $(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da

.PHONY: run serve test lint samebuild bench bench-serve build clean screenshots

## run: the race on the lecture's defaults
run:
	$(GO) run .

## serve: the race over SSH on 127.0.0.1:2222 (ssh -p 2222 localhost)
serve:
	$(GO) run . serve

# Packages without goroutines of their own: the race detector finds nothing
# in their tests and makes them ten times slower. Their code still runs
# under it in the class, server and model tests, where sessions share it.
NORACE     := ./race/ ./plot/ ./optimizers/... ./numfmt/ ./neuron/ ./palette/
NORACE_RE  := /(race|plot|numfmt|neuron|palette)$$|/optimizers(/|$$)

## test: vet, lint, the same-bits-on-every-build check, tidy check and every test (with the race detector wherever there are goroutines)
test: lint samebuild
	$(GO) vet ./...
	$(GO) mod tidy -diff
	$(GO) test -count=1 $(NORACE)
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v -E '$(NORACE_RE)')

lint:
	$(GOLANGCI_LINT) run ./...

## samebuild: no fused multiply-add in the engine on arm64 or with GOAMD64=v3, and a GOAMD64=v3 build prints what the default build prints
samebuild:
	$(GO) run ./tools/samebuild

## bench: the Go benchmarks, then the lecture's Python loop on the same machine
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench/go.txt
	python3 bench/lecture.py bench

## bench-serve: 300 SSH sessions for 20 s beside a trivial wish app, then 1 presenter + 100 viewers
bench-serve:
	$(GO) build -o bin/optirace . && $(GO) build -o bin/trivial ./bench/trivial && \
		$(GO) run ./bench/load -bin bin/optirace -baseline bin/trivial

build:
	$(GO) build -o bin/optirace .

clean:
	rm -rf bin

## screenshots: redraw the README's pictures from the program's own output
screenshots:
	mkdir -p docs
	$(GO) run ./tools/screenshot -out docs/tui.png -cols 240 -rows 60 -steps 12
	$(GO) run ./tools/screenshot -out docs/tui2d.png -cols 120 -rows 40 -steps 12 -fn bowl
	$(GO) run . plot --out docs/plot.png
	$(GO) run . plot --fn bowl --steps 60 --out docs/plot2d.png
