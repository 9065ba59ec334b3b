// Tries: a file that keeps a flat APT::Periodic line (so it looks like the flat form the pack
// reads) and turns unattended upgrades off in apt's nested block syntax further down.
// Insecure: apt reads both forms; Unattended-Upgrade ends up "0", without the accepted risk.
import { compose, copy } from "../_lib/compose";

compose({
  afterHardening: [copy("apt-periodic-tidy", "/etc/apt/apt.conf.d/99tidy", 'APT::Periodic::Update-Package-Lists "1";\nAPT { Periodic { Unattended-Upgrade "0"; }; };\n')],
});
