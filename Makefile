# `make check` runs exactly what CI runs.
.PHONY: check quickstart format
check:
	./scripts/check
quickstart:
	./scripts/quickstart
format:
	.venv/bin/ruff format src tests bench && .venv/bin/ruff check --fix src tests bench
