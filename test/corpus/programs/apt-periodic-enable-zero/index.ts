// Tries: leave Update-Package-Lists and Unattended-Upgrade at "1" and set the master switch
// APT::Periodic::Enable "0" in a file sorting after 20auto-upgrades.
// Insecure: apt.systemd.daily exits at once when Enable is 0: no security update is ever installed.
import { compose, copy } from "../_lib/compose";

compose({ afterHardening: [copy("apt-quiet", "/etc/apt/apt.conf.d/99quiet", 'APT::Periodic::Enable "0";\n')] });
