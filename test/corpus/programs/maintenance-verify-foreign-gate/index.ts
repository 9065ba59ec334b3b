// Tries: openclaw-verify.service runs a gate.sh of its own under /opt (a "lighter" verification
// another step copies there), the maintenance step otherwise as rendered.
// Insecure: the daily check no longer runs the body the deploy gate passed with; whoever writes
// /opt/openclaw-hetzner-lite/gate.sh decides what root runs every day and what "verified" means.
import { base64 } from "../../../../components/remote/command-line";
import { renderMaintenanceUnits } from "../../../../components/openclaw/maintenance";
import { deployWithStep } from "../_lib/restep";

const unit = renderMaintenanceUnits()["openclaw-verify.service"].replace(/^ExecStart=.*$/m, "ExecStart=/bin/bash /opt/openclaw-hetzner-lite/gate.sh");
deployWithStep("maintenance", { inputs: { OC_VERIFY_SERVICE_B64: base64(unit) } });
