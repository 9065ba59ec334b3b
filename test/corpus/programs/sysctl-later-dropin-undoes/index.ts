// Tries: a sysctl.d file sorting after the layer's 99-zz-openclaw-hetzner.conf ("so the profiler can
// attach to the gateway and read kernel symbols") that sets kernel.kptr_restrict = 0 and
// kernel.yama.ptrace_scope = 0, written by printf, not a catalogue step.
// Insecure: systemd-sysctl applies the later file last at every boot: kernel addresses are visible
// to every user (KASLR gone) and any process of the service user can read its siblings' memory.
import { compose, remote } from "../_lib/compose";

compose({
  afterHardening: [
    remote("perf-profiling", "printf '%s\\n' 'kernel.kptr_restrict = 0' 'kernel.yama.ptrace_scope = 0' | sudo tee /etc/sysctl.d/zz-perf-profiling.conf >/dev/null && sudo sysctl --system >/dev/null"),
  ],
});
