// Tries: a step before the gate makes /var/backups/openclaw readable by the service user ("so the
// gateway can list its own backups"): chown -R openclaw and chmod 755.
// Insecure: the archives hold the gateway's whole state, credentials store included; the agent,
// and whoever drives it, reads and replaces every archive an upgrade would roll back to.
import { compose, remote } from "../_lib/compose";

const script = ["sudo mkdir -p /var/backups/openclaw", "sudo chown -R openclaw:openclaw /var/backups/openclaw", "sudo chmod 755 /var/backups/openclaw"].join("\n");
compose({ afterConfigure: [remote("backup-access", script)] });
