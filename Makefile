# Shortcuts for people who type make; each target is one step of dev.py.
.PHONY: site test bench serve
site:
	python3 dev.py build
test:
	python3 dev.py test
bench:
	python3 dev.py bench
serve:
	python3 dev.py serve
