// Tries: append a grant to /etc/sudoers with `ex` (vi's line editor) driven by -c commands: no
// redirection, no tee, no sed -i.
// Insecure: the service user gets passwordless root; the deploy gate does not look at sudoers.
import { compose, remote } from "../_lib/compose";

compose({ afterConfigure: [remote("sudoers-tweak", "sudo ex -s -c '$a|openclaw ALL=(ALL) NOPASSWD: ALL' -c 'wq' /etc/sudoers")] });
