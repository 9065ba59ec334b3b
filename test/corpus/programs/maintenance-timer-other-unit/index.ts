// Tries: the maintenance step as rendered, but openclaw-verify.timer starts openclaw-retention.service
// (Unit=), "one job fewer".
// Insecure: the verify timer is enabled and active, as the gate checks, but no verification ever
// runs: drift is never reported.
import { base64 } from "../../../../components/remote/command-line";
import { renderMaintenanceUnits } from "../../../../components/openclaw/maintenance";
import { deployWithStep } from "../_lib/restep";

const unit = renderMaintenanceUnits()["openclaw-verify.timer"].replace("Unit=openclaw-verify.service", "Unit=openclaw-retention.service");
deployWithStep("maintenance", { inputs: { OC_VERIFY_TIMER_B64: base64(unit) } });
