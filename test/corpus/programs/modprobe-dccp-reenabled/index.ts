// Tries: a modprobe.d file sorting before the layer's (00-…) that gives dccp an install command
// loading it anyway ("a lab test needs DCCP"); the layer's `install dccp /bin/false` stays.
// Insecure: modprobe runs the first install command it finds for a module, so any process that
// opens a DCCP socket autoloads a protocol with a history of remote kernel bugs.
import { compose, remote } from "../_lib/compose";

compose({
  afterHardening: [remote("dccp-lab", "sudo tee /etc/modprobe.d/00-dccp-lab.conf >/dev/null <<'EOF'\ninstall dccp /sbin/modprobe --ignore-install dccp\nEOF")],
});
