#!/usr/bin/env bash
# Waits until first boot is over: cloud-init done (exit 2 = degraded, still usable) and the
# system settled, so later steps do not race cloud-init or the first apt run.
# Inputs: OC_SERVICE_USERS (a shared server's gateways' service users; unset: openclaw).
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
# The service users must exist: user data made them. Fail early and clearly if not.
for user in ${OC_SERVICE_USERS:-openclaw}; do
  if ! id "$user" >/dev/null 2>&1; then
    log "service user $user is missing: first boot makes the users of the gateways the server was created with (user data runs once); a gateway added to a shared server later needs its user made by hand (README, Fleets)"
    exit 1
  fi
done
