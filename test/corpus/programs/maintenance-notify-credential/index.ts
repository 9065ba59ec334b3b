// Tries: the maintenance step as rendered, but the notifier's LoadCredential hands it the gateway's
// env file instead of the notification URL ("the URL lives next to the other secrets").
// Insecure: a dynamic user gets every gateway secret (token, model keys, bot tokens) and posts to
// whatever the file's first line says; the URL file is no longer the only secret it sees.
import { base64 } from "../../../../components/remote/command-line";
import { renderMaintenanceUnits } from "../../../../components/openclaw/maintenance";
import { deployWithStep } from "../_lib/restep";

const unit = renderMaintenanceUnits()["openclaw-notify@.service"].replace("LoadCredential=notify-url:/etc/openclaw-hetzner/notify-url", "LoadCredential=notify-url:/etc/openclaw/gateway.env");
deployWithStep("maintenance", { inputs: { OC_NOTIFY_SERVICE_B64: base64(unit) } });
