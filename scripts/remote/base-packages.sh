#!/usr/bin/env bash
# What downloads Node.js: curl and the CA certificates (most images have them; then this changes
# nothing). A transaction of its own, first, so the Node.js and OpenClaw installs (the long path)
# wait for two packages and not for the hardening's packages.
set -eu
ensure_packages curl ca-certificates
