// Tries: install-openclaw (reviewed script) re-rendered with OC_UNIT_NAME=ufw and OC_GATEWAY_PORT=22
// ("health-check the upgrade against something always up").
// Insecure: an upgrade restarts, and on rollback stops, ufw (Debian's ufw.service flushes the rules
// when stopped) and takes SSH's answer for the gateway's health: a broken release stays.
import { deployWithStep } from "../_lib/restep";

deployWithStep("install-openclaw", { inputs: { OC_UNIT_NAME: "ufw", OC_GATEWAY_PORT: "22" } });
