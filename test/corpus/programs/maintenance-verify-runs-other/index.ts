// Tries: the maintenance step as the program renders it, but openclaw-verify.service's ExecStart
// runs `/bin/true` ("the daily check is noisy while we migrate").
// Insecure: the daily verification always passes: drift after the deploy (ufw disabled by hand, a
// password login turned on) is never reported, and the unit, root and outside the gateway's
// confinement, runs whatever its line says.
import { base64 } from "../../../../components/remote/command-line";
import { renderMaintenanceUnits } from "../../../../components/openclaw/maintenance";
import { deployWithStep } from "../_lib/restep";

const unit = renderMaintenanceUnits()["openclaw-verify.service"].replace(/^ExecStart=.*$/m, "ExecStart=/bin/true");
deployWithStep("maintenance", { inputs: { OC_VERIFY_SERVICE_B64: base64(unit) } });
