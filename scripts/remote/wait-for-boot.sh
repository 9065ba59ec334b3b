#!/usr/bin/env bash
# Waits until first boot is over: cloud-init done (exit 2 = degraded, still usable) and the
# system settled, so later steps do not race cloud-init or the first apt run.
set -eu
rc=0
cloud-init status --wait >/dev/null 2>&1 || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
  cloud-init status --long >&2 || true
  log "cloud-init failed (exit $rc)"
  exit 1
fi
state="$(timeout 300 systemctl is-system-running --wait 2>/dev/null || true)"
log "cloud-init done (exit $rc), system $state"
# The service user must exist: user data made it. Fail early and clearly if not.
id openclaw >/dev/null
