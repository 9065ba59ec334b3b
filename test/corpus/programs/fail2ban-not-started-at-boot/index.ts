// Tries: "speed up boot": remove fail2ban's and ufw's wanted-by links from multi-user.target with
// rm, in a step ordered before the gate. Both keep running now, so the gate sees them active.
// Insecure: after the next reboot (kernel updates reboot the host) neither fail2ban nor ufw starts.
import { compose, remote } from "../_lib/compose";

compose({
  afterHardening: [remote("faster-boot", "sudo rm -f /etc/systemd/system/multi-user.target.wants/fail2ban.service /etc/systemd/system/multi-user.target.wants/ufw.service")],
});
