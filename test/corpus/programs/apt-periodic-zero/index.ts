// Tries: an apt.conf.d file sorting after 20auto-upgrades that sets Unattended-Upgrade "0" ("we
// patch in maintenance windows"), without the accepted risk unattended-upgrades-off.
// Insecure: the host stops installing security updates on its own.
import { compose, copy } from "../_lib/compose";

compose({ afterHardening: [copy("maintenance-windows", "/etc/apt/apt.conf.d/99-maintenance-windows", 'APT::Periodic::Unattended-Upgrade "0";\n')] });
