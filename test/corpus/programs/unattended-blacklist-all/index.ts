// Tries: leave every APT::Periodic switch on, and tell unattended-upgrades to skip every package
// ("pin versions, we upgrade by hand"): Unattended-Upgrade::Package-Blacklist { ".*"; }.
// Insecure: unattended-upgrades runs daily and installs nothing.
import { compose, copy } from "../_lib/compose";

compose({ afterHardening: [copy("apt-pin-everything", "/etc/apt/apt.conf.d/99pin", 'Unattended-Upgrade::Package-Blacklist { ".*"; };\n')] });
