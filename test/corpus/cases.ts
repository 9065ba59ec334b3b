// The corpus's expectations, in one place: test/corpus.test.ts runs every case through `npm run plan`
// and checks it against this list, and test/corpus/README.md's table is generated from it (the test
// fails when the table drifts: UPDATE_CORPUS_README=1 rewrites it).
//
// evasion   programs/<name>/: a program that weakens the deployment in some shape; `npm run plan`
//           must exit 1 with a mandatory violation of one of `rules` whose URN or message names
//           `offender` (the resource the twist adds or changes).
// control   programs/<name>/: not an evasion; the corpus helpers alone (or a secure program of its own), which must pass (exit 0), so
//           the evasions built on them are refused for their twist.
// insecure  configs/insecure/Pulumi.<name>.yaml: must exit 2 with `key` in configErrors.
// secure    configs/secure/Pulumi.<name>.yaml (or `file`): must exit 0 with no mandatory violation.
// limit     programs/<name>/: insecure, but out of the pack's sight (CrossGuard cannot tell, say, a
//           secret stack output from a plain one); it exits 0, and the test fails the day the pack
//           catches it, so the case moves to the evasions.
//
// `secrets`: values a case puts in a fixture that no output may contain (besides anything marked
// LEAKCHECK, which is checked everywhere).

export type Kind = "evasion" | "control" | "insecure" | "secure" | "limit";

interface Base {
  kind: Kind;
  name: string;
  /** What the case tries, and why it is (in)secure, in one line. */
  tries: string;
  /** Extra `npm run plan` arguments, relative to the repository root. */
  config?: string;
  policyConfig?: string;
  preview?: boolean;
  secrets?: string[];
}

export interface ProgramCase extends Base {
  kind: "evasion" | "control" | "limit";
  /** Limits: why the pack cannot see it. */
  why?: string;
  /** The resource the twist adds or changes (evasions). */
  offender?: string;
  /**
   * Rules that refuse it (evasions): at least one of them must name the offender. `proposed:<name>`
   * stands for a rule the pack does not have yet (the gap has no owner today).
   */
  rules?: string[];
}

export interface ConfigCase extends Base {
  kind: "insecure" | "secure";
  /** The config key the plan must name (insecure). */
  key?: string;
  /** The stack file, relative to the repository root, when it is not configs/<kind>/Pulumi.<name>.yaml. */
  file?: string;
}

export type Case = ProgramCase | ConfigCase;

const NS = "openclaw-hetzner";
const SERVER = "openclaw";

/** Secrets of the example ESC environment (esc/openclaw-dev.yaml) every run imports. */
export const GLOBAL_SECRETS = [
  "LEAKCHECK",
  "replace-with-the-BotFather-token-000000000",
  "sk-ant-replace-with-your-anthropic-api-key-0000000000",
  "replace-with-your-hcloud-api-token-0000000000000000000000000",
];

const evasion = (name: string, offender: string, rules: string[], tries: string, extra: Partial<ProgramCase> = {}): ProgramCase => ({
  kind: "evasion",
  name,
  offender,
  rules,
  tries,
  ...extra,
});
const insecure = (name: string, key: string, tries: string, extra: Partial<ConfigCase> = {}): ConfigCase => ({ kind: "insecure", name, key: `${NS}:${key}`, tries, ...extra });
const secure = (name: string, tries: string, extra: Partial<ConfigCase> = {}): ConfigCase => ({ kind: "secure", name, tries, ...extra });

export const CASES: Case[] = [
  // ---- controls ------------------------------------------------------------------------------------
  { kind: "control", name: "control-composed", tries: "the deployment built from the project's parts by programs/_lib/compose.ts, no twist (the base of the spliced evasions)" },
  { kind: "control", name: "control-composed", tries: "the same, planned as a preview (server outputs unknown)", preview: true },
  { kind: "control", name: "control-shared-component", tries: "a program of its own: two gateways on one server through OpenClawSharedServer's typed Args, its keys and secrets from the stack config" },

  // ---- a second firewall, however attached -----------------------------------------------------------
  evasion("fw-attachment-server-id-world-ssh", "break-glass-ssh", ["firewall-ingress-bounded"], "second firewall with SSH from 0.0.0.0/0 and ::/0, attached by FirewallAttachment serverIds"),
  evasion("fw-attachment-label-gateway-port", "office-dashboard", ["firewall-never-gateway-port"], "second firewall opening the gateway port to an office /24, attached by FirewallAttachment labelSelectors"),
  evasion("fw-applyto-server-gateway-port", "webhooks", ["firewall-never-gateway-port", "firewall-ingress-bounded"], "firewall applyTos {server} opening 18000-19000 (covers 18789) to the world"),
  evasion("fw-applyto-label-world-ssh", "ssh-anywhere", ["firewall-ingress-bounded"], "firewall applyTos {labelSelector: stack} opening SSH to the world"),
  evasion("fw-attachment-external-firewall", "shared-ops-firewall", ["server-firewall-at-creation"], "attaches a firewall defined outside the stack (literal id), whose rules nobody here can read"),
  evasion("fw-transform-extra-rule", "openclaw-firewall", ["firewall-never-gateway-port", "firewall-ingress-bounded"], "a resource transformation adds 18789 from the world to the component's own firewall"),
  evasion("fw-attachment-server-id-world-ssh", "break-glass-ssh", ["firewall-ingress-bounded"], "the same second firewall, planned as a preview (ids unknown)", { preview: true }),

  // ---- sources that add up to the internet -----------------------------------------------------------
  evasion("split-ipv4-halves-ssh", "provider-ranges", ["firewall-ingress-bounded"], "SSH from 0.0.0.0/1 + 128.0.0.0/1 (no single /0) on a firewall applied to the server"),
  evasion("split-ipv6-halves-ssh", "ipv6-providers", ["firewall-ingress-bounded"], "SSH from ::/1 + 8000::/1 through a FirewallAttachment"),
  evasion("split-across-firewalls", "ssh-upper-half", ["firewall-ingress-bounded"], "the internet split over two firewalls (one by server id, one by label), IPv4 and IPv6"),
  evasion("ssh-sixteen-slash4", "regional-ssh", ["firewall-ingress-bounded"], "SSH from sixteen /4 blocks: the whole IPv4 internet in a long list"),
  evasion("ssh-slash7-transform", "openclaw-firewall", ["firewall-ingress-bounded"], "a transformation widens the validated SSH sources to a /7 (just wider than the /8 limit)"),
  evasion("ssh-slash8-plus-one", "jump-host", ["firewall-ingress-bounded"], "a /8 on one firewall and one more /32 on another: each within bounds, together wider than a /8"),

  // ---- resource types no rule used to look at --------------------------------------------------------
  evasion("lb-gateway-port", "gateway-lb-tls", ["resource-types-understood", "firewall-never-gateway-port"], "a load balancer service forwarding 443 from the internet to the gateway port"),
  evasion("lb-gateway-port-allowed", "webhook-lb-service", ["firewall-never-gateway-port", "firewall-ingress-bounded"], "the same with the pack config listing the load balancer types: the exposure rules must still refuse it", {
    policyConfig: "test/corpus/policy/allow-load-balancers.json",
  }),
  evasion("rescue-boot-transformation", SERVER, ["server-no-rescue-or-iso"], "a transformation boots the server into Hetzner's rescue system (root shell, mailed password)"),
  evasion("iso-boot-transformation", SERVER, ["server-no-rescue-or-iso"], "a transformation mounts an installer ISO on the server"),
  evasion("stack-transform-rescue", SERVER, ["server-no-rescue-or-iso"], "the rescue boot through a stack-wide resource transform (pulumi.runtime.registerResourceTransform)"),
  evasion("transforms-firewall-gateway-port", "openclaw-firewall", ["firewall-never-gateway-port", "firewall-ingress-bounded"], "opens 18789 to the world on the component's firewall with the `transforms` option (ResourceTransform)"),
  evasion("unknown-type-volume", "dotfiles", ["resource-types-understood"], "an automounted volume carrying files onto the server: a type no rule reads"),
  evasion("unknown-type-dynamic-provider", "finish-setup", ["resource-types-understood"], "a dynamic provider resource that ssh-es in after the gate and opens ufw"),
  evasion("second-bare-server", "scratch", ["deployment-complete", "gate-last", "ssh-config-hardened"], "a second server in the stack with the firewall and keys but none of the hardening steps"),

  // ---- steps after, beside or around the gate --------------------------------------------------------
  evasion("step-after-gate-ufw-allow", "post-deploy-probe", ["gate-last", "step-payloads-readable"], "a remote step after the gate that opens the gateway port in ufw"),
  evasion("step-unordered-sshd-dropin", "debug-ssh", ["gate-last", "ssh-config-hardened"], "a remote step unordered with the gate writing an sshd drop-in that sorts first (0-debug.conf): passwords, root"),
  evasion("step-unordered-ufw-disable", "cleanup", ["gate-last", "step-payloads-readable"], "a remote step depending only on the server that disables ufw, possibly after the gate's check"),
  evasion("copy-after-gate-openclaw-json", "tuned-openclaw-json", ["gate-last", "openclaw-config-hardened"], "a CopyToRemote after the gate overwriting openclaw.json with bind lan"),
  evasion("local-ssh-after-gate", "expose-for-sidecar", ["gate-last", "step-payloads-readable"], "a local Command after the gate that ssh-es in and sed -i's openclaw.json to bind lan"),
  evasion("delete-command-ufw-disable", "ufw-maintenance", ["command-no-delete"], "a properly ordered step whose delete command disables ufw (deletes run after the gate)"),
  evasion("local-delete-ssh", "teardown-hook", ["command-no-delete"], "a local Command whose delete ssh-es in and disables fail2ban"),
  evasion("stdin-script-ufw-disable", "stdin-script", ["step-payloads-readable"], "`sudo bash -s` with the script on (secret) stdin, opening ufw"),
  evasion("local-python-interpreter", "python-post-config", ["step-payloads-readable"], "a local Command with interpreter python3: rot13'd Python that ssh-es in and opens ufw (read as shell, it is noise)"),
  evasion("step-python-obfuscated", "python-helper", ["step-payloads-readable", "ssh-config-hardened"], "python3 -c exec(base64…) writing an sshd drop-in that sorts first, with no telltale word in the command"),
  evasion("download-and-run", "monitoring-agent", ["step-payloads-readable"], "downloads a binary to /usr/local/bin and runs it as root (no `curl | sh`)"),
  evasion("cron-reverse-shell", "health-cron", ["step-payloads-readable", "host-access-files-untouched"], "a /etc/cron.d job running a root reverse shell every five minutes"),
  evasion("timer-disables-ufw-later", "net-tune", ["step-payloads-readable"], "a systemd timer + service that run `ufw --force disable` ten minutes after the gate"),

  // ---- the gate itself -----------------------------------------------------------------------------------
  evasion("fake-gate-changed-body", "openclaw-audit-gateway", ["gate-last", "step-payloads-readable"], "the gate's catalogue command line with one line added to its script: exit 0"),
  evasion("gate-triggers-miss-ufw", "openclaw-audit-gateway", ["gate-last"], "the gate's triggers lose the ufw step's digest, so a ufw change does not re-run it"),
  evasion("gate-checks-other-port", "openclaw-audit-gateway", ["gate-last"], "the gate re-rendered (reviewed script) to check gateway port 18790, where nothing listens"),
  evasion("gate-connects-elsewhere", "openclaw-audit-gateway", ["gate-last"], "only the gate's connection points at another (hardened) host, so the gateway host is never audited"),

  // ---- user data in another form -------------------------------------------------------------------------
  evasion("userdata-b64-dropin-passwords", SERVER, ["ssh-config-hardened"], "write_files entry, base64, sshd drop-in 0-cloud-debug.conf (sorts before 00-…) allowing passwords"),
  evasion("userdata-b64-dropin-passwords", SERVER, ["ssh-config-hardened"], "the same, planned as a preview", { preview: true }),
  evasion("userdata-gzip-b64-root-login", SERVER, ["ssh-config-hardened"], "the same, gzip+base64, PermitRootLogin yes and AllowUsers *"),
  evasion("userdata-shell-script", SERVER, ["user-data-cloud-config"], "user data replaced by a shell script that sets PasswordAuthentication yes"),
  evasion("userdata-multipart", SERVER, ["user-data-cloud-config"], "MIME multipart: the project's cloud-config plus a shell-script part allowing passwords"),
  evasion("userdata-ssh-pwauth", SERVER, ["user-data-cloud-config"], "ssh_pwauth: on (YAML 1.1 true)"),
  evasion("userdata-chpasswd", SERVER, ["user-data-cloud-config"], "a chpasswd block giving the admin user a password", { secrets: ["console-only-please"] }),
  evasion("userdata-user-password", SERVER, ["user-data-cloud-config"], "an extra sudo user with hashed_passwd and lock_passwd: false"),
  evasion("userdata-runcmd-dropin", SERVER, ["ssh-config-hardened"], "a runcmd printf writing an sshd drop-in that sorts first (0-legacy.conf) allowing passwords"),
  evasion("sshd-opts-default-file", SERVER, ["host-access-files-untouched", "ssh-config-hardened"], "write_files /etc/default/ssh: SSHD_OPTS=-o PasswordAuthentication=yes -o PermitRootLogin=yes (overrides every config file)"),
  evasion("userdata-apt-untrusted-source", SERVER, ["apt-authenticated", "user-data-cloud-config"], "cloud-init apt source `deb [trusted=yes] http://…`: unsigned root packages over plain HTTP"),
  evasion("userdata-ca-certs", SERVER, ["user-data-cloud-config", "server-user-data-no-secrets"], "cloud-init ca_certs trusts a TLS-inspection CA (swaps nodejs.org / npm downloads); refused today only as a 'long base64 token'"),

  // ---- the gateway on another port, and that port opened ---------------------------------------------
  evasion("gateway-port-moved-and-opened", "office-gateway", ["firewall-never-gateway-port"], "openclaw.json and the unit moved to 28789, and 28789 opened on a firewall"),
  evasion("gateway-port-config-opened", "office-ssh-range", ["firewall-never-gateway-port"], "gatewayPort 18790 by config, and 'the SSH range' 18789-18790 opened by an attachment", {
    config: "test/corpus/configs/secure/Pulumi.ssh-on-18789.yaml",
  }),

  // ---- two gateways on one server (a fleet belongs on separate servers) --------------------------------
  evasion("second-gateway-same-server", "second-gateway-unit", ["gateways-isolated"], "the stack's own gateway unit copied under another name: a second gateway with the same user, state dir, env file and port"),

  // ---- openclaw.json shipped another way --------------------------------------------------------------
  evasion("openclaw-json-heredoc-exec-full", "maintenance-exec", ["openclaw-config-hardened"], "heredoc in a Command rewriting openclaw.json with tools.exec.mode full"),
  evasion("openclaw-json-heredoc-exec-full", "maintenance-exec", ["openclaw-config-hardened"], "the same, planned as a preview", { preview: true }),
  evasion("openclaw-json-copy-legacy-exec-security", "legacy-openclaw-json", ["openclaw-config-hardened"], "CopyToRemote StringAsset with the legacy tools.exec.security full"),
  evasion("openclaw-json-dm-open", "public-beta", ["openclaw-config-hardened"], "cat <<EOF | sudo tee: dmPolicy open, allowFrom ['*']"),
  evasion("openclaw-json-bind-lan-printf", "proxy-bind", ["openclaw-config-hardened"], "printf | tee: gateway.bind lan"),
  evasion("openclaw-json-agent-override", "main-agent-exec", ["openclaw-config-hardened"], "base64 -d | tee: agents.entries.main.tools.exec.mode full (global tools stay hardened)"),
  evasion("openclaw-json-in-userdata", SERVER, ["openclaw-config-hardened"], "a bootstrap openclaw.json in user data write_files with exec full and elevated on"),
  evasion("openclaw-json-include-agents", "split-agents-config", ["openclaw-config-hardened"], "openclaw.json spotless, `agents: {$include: ./agents.json5}` giving the main agent exec full"),
  evasion("openclaw-json-env-substitution", "openclaw-configure-gateway", ["openclaw-config-hardened"], "dmPolicy '${OPENCLAW_TG_DM}', allowFrom ['${OPENCLAW_TG_ALLOW}'] with Environment=…=open / * in the unit"),
  evasion("openclaw-json-mcp-shell", "openclaw-configure-gateway", ["openclaw-config-hardened"], "exec stays deny, but an MCP server (mcp-shell-server, bash allowed) hands the agent a shell"),
  evasion("openclaw-cli-mcp-set", "ops-mcp", ["step-payloads-readable", "openclaw-config-hardened"], "`openclaw mcp set` (OpenClaw's own CLI, no file written) registers a shell MCP server before the gate"),
  evasion("openclaw-token-from-unit-env", "openclaw-configure-gateway", ["openclaw-config-hardened", "gateway-unit-hardened"], "the token SecretRef points at OC_GW_TOKEN, set to a literal in the unit (Environment=OC_GW_TOKEN=changeme-please)"),
  evasion("openclaw-rate-limit-exempt-loopback", "openclaw-configure-gateway", ["openclaw-config-hardened"], "rateLimit.exemptLoopback true: every client arrives through the tunnel, from loopback, so the limiter is off"),
  evasion("openclaw-dm-scope-main", "openclaw-configure-gateway", ["openclaw-config-hardened"], "session.dmScope main: every sender's DMs share one session"),
  evasion("openclaw-mdns-browser-on", "openclaw-configure-gateway", ["openclaw-config-hardened"], "discovery.mdns.mode full and browser.enabled true (the baseline keeps both off)"),
  evasion("openclaw-config-writes-from-chat", "openclaw-configure-gateway", ["openclaw-config-hardened"], "channels.telegram.configWrites true and commands.config: settings rewritten from chat"),
  evasion("openclaw-config-path-dropin", "gateway-config-location", ["openclaw-config-hardened", "gateway-unit-hardened"], "a unit drop-in sets OPENCLAW_CONFIG_PATH to a second, loose config (exec full, dm open); openclaw.json is a decoy"),

  // ---- the agent sandbox (agentAccess: sandboxed) widened, shipped by the program itself -----------
  evasion("openclaw-sandbox-exec-host-gateway", "openclaw-configure-gateway", ["openclaw-config-hardened"], "sandboxed access, every session in the sandbox, but tools.exec.host 'gateway': the agent's commands run on the host"),
  evasion("openclaw-sandbox-non-main-fs", "openclaw-configure-gateway", ["openclaw-config-hardened"], "sandboxed access with sandbox.mode non-main: the main session's file tools run on the host"),
  evasion("openclaw-sandbox-agent-opt-out", "openclaw-configure-gateway", ["openclaw-config-hardened"], "sandboxed defaults intact, agents.entries.main.sandbox.mode off: the agent that answers runs exec and fs tools on the host"),
  evasion("openclaw-sandbox-network-bridge", "openclaw-configure-gateway", ["openclaw-config-hardened"], "sandbox docker.network bridge written straight into openclaw.json, the risk sandbox-network not accepted"),
  evasion("openclaw-sandbox-docker-backend", "openclaw-configure-gateway", ["openclaw-config-hardened"], "sandbox backend docker: the Docker socket the gateway user needs is root on the host"),
  evasion("openclaw-sandbox-floating-image", "openclaw-configure-gateway", ["openclaw-config-hardened"], "sandbox image ghcr.io/…:latest: a tag that floats, whoever pushes picks what every session runs"),
  evasion("openclaw-sandbox-podman-socket", "openclaw-configure-gateway", ["openclaw-config-hardened"], "the gateway user's Podman socket bound into the sandbox: the agent starts an unconfined container"),

  // ---- the Debian 12 sandbox helper (sandbox-userns: a unit without NoNewPrivileges) abused ---------
  evasion("sandbox-userns-gateway-name", "openclaw-sandbox-userns", ["privileged-units-allowlisted"], "sandbox-userns re-rendered with OC_USERNS_UNIT_NAME=openclaw-gateway: the helper (no NoNewPrivileges, four capabilities) written over the gateway's unit, unordered with it", { config: "test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml" }),
  evasion("sandbox-userns-unit-root", "openclaw-sandbox-userns", ["privileged-units-allowlisted"], "the helper unit without User=: root, no NoNewPrivileges, CAP_SYS_ADMIN and CAP_DAC_OVERRIDE at every boot", { config: "test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml" }),
  evasion("sandbox-userns-exec-shell", "openclaw-sandbox-userns", ["privileged-units-allowlisted"], "the helper's ExecStart runs `podman unshare /bin/sh` on a script in the service user's home: the agent's code where setuid programs keep capabilities", { config: "test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml" }),
  evasion("sandbox-userns-caps-widened", "openclaw-sandbox-userns", ["privileged-units-allowlisted"], "the helper's bounding set gains CAP_SYS_PTRACE and CAP_NET_ADMIN, and ambient CAP_NET_ADMIN", { config: "test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml" }),
  evasion("sandbox-userns-runs-gateway", "openclaw-sandbox-userns", ["privileged-units-allowlisted"], "the helper's unit name carries a gateway unit without NoNewPrivileges or seccomp (the unit at the gateway's name stays hardened)", { config: "test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml" }),
  evasion("sandbox-userns-subids-huge", "openclaw-sandbox-userns", ["privileged-units-allowlisted"], "OC_SUBORDINATE_IDS 999999999: nearly every host uid above 100000 the service user's to map", { config: "test/corpus/configs/secure/Pulumi.sandboxed-debian-12.yaml" }),
  evasion("sandbox-userns-chat-mode", "podman-ready", ["privileged-units-allowlisted"], "chat access (no sandbox) with the sandbox-userns step spliced in: a privileged unit and subordinate ids nothing needs"),
  evasion("sandbox-userns-debian-13", "podman-compat", ["privileged-units-allowlisted"], "sandboxed on Debian 13 with the sandbox-userns step spliced in: Podman 5 needs no setuid id mapping", { config: "examples/sandboxed.yaml" }),

  // ---- the on-box maintenance jobs, the backups and the upgrade (day 2) --------------------------------
  evasion("maintenance-verify-runs-other", "openclaw-maintenance", ["privileged-units-allowlisted"], "the maintenance step re-rendered (reviewed script) with openclaw-verify.service's ExecStart=/bin/true: the daily verification always passes"),
  evasion("maintenance-verify-foreign-gate", "openclaw-maintenance", ["privileged-units-allowlisted", "step-payloads-readable"], "openclaw-verify.service runs a gate.sh under /opt that another step would write, not the body the deploy gate recorded"),
  evasion("maintenance-gate-body-overwritten", "fast-verify", ["privileged-units-allowlisted", "step-payloads-readable"], "a CopyToRemote before the gate writes /usr/local/lib/openclaw-hetzner/gate.sh (exit 0), the body the daily verification runs as root"),
  evasion("maintenance-python-writes-gate", "gate-cache", ["step-payloads-readable", "privileged-units-allowlisted"], "python3 -c as root writes the recorded gate.sh: no tee, heredoc or redirection for a shell reader to follow"),
  evasion("maintenance-verify-env-rewritten", "verify-tuning", ["privileged-units-allowlisted", "step-payloads-readable"], "a heredoc rewrites /etc/openclaw-hetzner/verify.env: the daily verification checks SSH 2222 and gateway port 18790, where nothing listens"),
  evasion("maintenance-backups-world-readable", "backup-access", ["step-payloads-readable", "privileged-units-allowlisted"], "chown -R openclaw and chmod 755 on /var/backups/openclaw: the service user reads and swaps archives holding its credentials store"),
  evasion("maintenance-backups-symlinked", "backups-on-volume", ["step-payloads-readable", "privileged-units-allowlisted"], "ln -sfn points /var/backups/openclaw into the service user's home"),
  evasion("maintenance-unknown-body", "openclaw-maintenance", ["step-payloads-readable", "privileged-units-allowlisted"], "the maintenance step's catalogue command line with one line added to its script (chmod 755 on the backups)"),
  evasion("maintenance-verify-dropin", "verify-quick", ["privileged-units-allowlisted"], "openclaw-verify.service.d/10-quick.conf resets ExecStart to /bin/true; the unit file stays the known one"),
  evasion("maintenance-dropin-type-wide", "shell-env", ["privileged-units-allowlisted"], "service.d/10-env.conf sets BASH_ENV to a file in the service user's home: every root maintenance job (bash) sources it"),
  evasion("maintenance-dropin-prefix", "openclaw-nice", ["privileged-units-allowlisted", "gateway-unit-hardened"], "openclaw-.service.d/50-nice.conf adds ExecStartPre running the service user's script: applies to the root maintenance jobs"),
  evasion("maintenance-timer-dropin", "verify-schedule", ["privileged-units-allowlisted"], "openclaw-verify.timer.d/10-yearly.conf: the timer stays enabled and active (what the gate checks) but fires once a year"),
  evasion("maintenance-timer-other-unit", "openclaw-maintenance", ["privileged-units-allowlisted"], "the maintenance step re-rendered with openclaw-verify.timer's Unit=openclaw-retention.service: the verify timer runs, no verification does"),
  evasion("maintenance-timer-masked", "quiet-timers", ["step-payloads-readable"], "systemctl mask --now openclaw-verify.timer openclaw-backup.timer before the gate"),
  evasion("maintenance-timer-masked-link", "no-backups", ["step-payloads-readable", "privileged-units-allowlisted"], "ln -sf /dev/null over openclaw-backup.timer (a mask by hand)"),
  evasion("maintenance-timer-stopped-dynamic", "rollout-quiet", ["step-payloads-readable"], "systemctl stop \"openclaw-$t.timer\" in a loop: a unit name built at run time"),
  evasion("maintenance-timer-disabled-link", "boot-trim", ["step-payloads-readable"], "rm of openclaw-verify.timer's timers.target.wants link: no verification after the next reboot"),
  evasion("maintenance-notify-credential", "openclaw-maintenance", ["privileged-units-allowlisted"], "the notifier's LoadCredential hands it the gateway's env file (every gateway secret) instead of the notify-url file"),
  evasion("maintenance-notify-instance", "notify-ops", ["privileged-units-allowlisted"], "a CopyToRemote ships openclaw-notify@ops.service, a root shell at an instance name of the notifier template"),
  evasion("maintenance-other-env-file", "openclaw-maintenance", ["gate-last"], "the maintenance step (reviewed script) with OC_ENV_FILE and OC_STATE_DIR not the gateway's: root jobs export another file into the service user's process and back up a dir the gateway does not use"),
  evasion("upgrade-backups-in-service-home", "openclaw-install-openclaw", ["gate-last"], "install-openclaw (reviewed script) with OC_BACKUP_DIR=/var/lib/openclaw/backups: pre-upgrade archives (credentials store included) where the service user can read and swap them"),
  evasion("upgrade-backups-in-tmp", "openclaw-install-openclaw", ["gate-last"], "install-openclaw with OC_BACKUP_DIR=/tmp: world-writable, and `install -d -m 700` leaves an existing directory's mode alone"),
  evasion("upgrade-other-state-dir", "openclaw-install-openclaw", ["gate-last"], "install-openclaw with OC_STATE_DIR not the gateway's: an upgrade archives, restores and chowns a directory the gateway does not run from"),
  evasion("upgrade-other-unit", "openclaw-install-openclaw", ["gate-last"], "install-openclaw with OC_UNIT_NAME=ufw and OC_GATEWAY_PORT=22: an upgrade restarts (a rollback stops) ufw and takes SSH's answer for the gateway's health"),
  evasion("gate-records-other-body", "openclaw-audit-gateway", ["gate-last", "step-payloads-readable"], "the gate's script changed to record `exit 0` as gate.sh: the deploy is checked, no daily verification ever is"),
  evasion("gate-host-layer-emptied", "openclaw-audit-gateway", ["gate-last"], "the gate re-rendered (reviewed script) with OC_HOST_LAYER emptied: the daily verification, which replays the gate's inputs, never looks for sysctl, module or audit drift"),
  evasion("userdata-upgrade-marker", "openclaw", ["privileged-units-allowlisted", "step-payloads-readable"], "user data writes /var/lib/openclaw-hetzner/upgrade-in-progress naming an archive in the service user's home: the first install-openclaw run restores it"),

  // ---- units, jails, apt, sudo, sshd beyond the drop-in ------------------------------------------------
  evasion("unit-dropin-root", "gateway-perms-fix", ["gateway-unit-hardened"], "CopyToRemote drop-in for the gateway unit: User=root"),
  evasion("unit-dropin-type-wide", "services-defaults", ["privileged-units-allowlisted"], "a drop-in for every service (service.d): User=root, NoNewPrivileges=no, merged into the gateway's unit"),
  evasion("unit-dropin-prefix", "openclaw-units-defaults", ["gateway-unit-hardened"], "a drop-in for every unit named openclaw-… (openclaw-.service.d): User=root"),
  evasion("second-unit-root", "worker-unit", ["gateway-unit-hardened"], "a second unit (no User=) starting another gateway as root"),
  evasion("jail-local-sshd-disabled", "quiet-fail2ban", ["fail2ban-sshd-jail"], "jail.d/zz-monitoring.local: [sshd] enabled = false"),
  evasion("fail2ban-ignoreip-world", "fail2ban-monitoring", ["fail2ban-sshd-jail"], "jail enabled, but [DEFAULT] ignoreip = 0.0.0.0/0 ::/0: nobody is ever banned"),
  evasion("fail2ban-findtime-one-second", "fail2ban-tuning", ["fail2ban-sshd-jail"], "jail enabled, findtime = 1 and port = 1: nobody is ever banned"),
  evasion("fail2ban-not-started-at-boot", "faster-boot", ["step-payloads-readable", "fail2ban-sshd-jail"], "rm of fail2ban's and ufw's multi-user.target.wants links: both gone after the next reboot"),
  evasion("apt-periodic-zero", "maintenance-windows", ["unattended-upgrades-on"], "apt.conf.d/99-… sets Unattended-Upgrade \"0\" without the accepted risk"),
  evasion("apt-periodic-enable-zero", "apt-quiet", ["unattended-upgrades-on"], "APT::Periodic::Enable \"0\": the master switch, with both periodic settings left at \"1\""),
  evasion("apt-periodic-nested-block", "apt-periodic-tidy", ["unattended-upgrades-on"], "a flat APT::Periodic line plus a nested `APT { Periodic { Unattended-Upgrade \"0\"; }; };` block"),
  evasion("unattended-blacklist-all", "apt-pin-everything", ["unattended-upgrades-on"], "Unattended-Upgrade::Package-Blacklist { \".*\"; }: upgrades run and install nothing"),
  evasion("upgrade-timer-masked-by-link", "no-surprise-restarts", ["unattended-upgrades-on", "step-payloads-readable"], "ln -sf /dev/null apt-daily-upgrade.timer (a mask without systemctl)"),
  evasion("sudoers-openclaw", "agent-restart-rights", ["host-access-files-untouched"], "echo 'openclaw ALL=(ALL) NOPASSWD: ALL' | tee /etc/sudoers.d/openclaw"),
  evasion("sudoers-user-alias", "agent-ops-sudo", ["host-access-files-untouched"], "the same sudo grant through a User_Alias, so no line starts with openclaw"),
  evasion("sshd-alternate-config-unit", "support-sshd", ["ssh-config-hardened", "step-payloads-readable"], "ssh.service drop-in: sshd -f /etc/ssh/sshd_support_config (passwords, root); the real config files untouched"),
  evasion("sshd-authorized-keys-command", "central-keys", ["ssh-config-hardened"], "sshd drop-in sorting first: AuthorizedKeysCommand curl http://… (a URL decides who logs in as admin)"),
  evasion("sshd-weak-ciphers", "legacy-crypto", ["ssh-config-hardened"], "sshd drop-in sorting first: CBC ciphers, SHA-1 key exchange, hmac-md5, ssh-rsa"),
  evasion("journald-storage-none", "journal-diet", ["fail2ban-sshd-jail", "step-payloads-readable"], "journald Storage=none: fail2ban (backend = systemd) never sees a failure, so never bans"),
  evasion("sshd-permitopen-any", "incident-forwarding", ["ssh-config-hardened"], "sshd drop-in sorting first: PermitOpen any, GatewayPorts yes (tunnels reach everything)"),

  // ---- the host layer around SSH (sysctls, modules, audit) -------------------------------------------
  evasion("sysctl-later-dropin-undoes", "perf-profiling", ["host-layer-intact"], "printf | tee of /etc/sysctl.d/zz-perf-profiling.conf (sorts after the layer's 99-zz-…): kernel.kptr_restrict = 0, kernel.yama.ptrace_scope = 0"),
  evasion("audit-rules-enabled-zero", "audit-noise", ["host-layer-intact"], "an audit rules file ending in `-e 0` (augenrules applies the last -e): auditing off, the layer's watches in place"),
  evasion("modprobe-dccp-reenabled", "dccp-lab", ["host-layer-intact", "step-payloads-readable"], "modprobe.d/00-dccp-lab.conf (sorts before the layer's file) gives dccp an install command that loads it anyway"),

  // ---- secrets ---------------------------------------------------------------------------------------------
  evasion("label-github-token", "openclaw-firewall", ["hcloud-inputs-no-secrets"], "a GitHub token as a label of the component's firewall"),
  evasion("token-in-command-line", "check-model-key", ["command-no-secrets-in-command-line"], "an Anthropic API key in a step's create command"),
  evasion("token-in-environment", "telegram-webhook", ["command-no-secrets-in-command-line"], "a Telegram bot token in a step's environment"),
  evasion("userdata-hex-token", SERVER, ["server-user-data-no-secrets"], "a 32-hex enrolment token in user data write_files", { secrets: ["4f1c9a0b7e2d58c3a6b9f0e1d2c3b4a5"] }),
  evasion("local-command-secret", "notify-slack", ["command-no-secrets-in-command-line"], "a Slack bot token in a local Command"),
  evasion("token-in-triggers", "warm-model-cache", ["command-triggers-no-secrets", "command-no-secrets-in-command-line"], "the API key in a step's triggers (stdin kept secret; triggers are plain state)"),
  evasion("token-split-in-command", "check-model-key-split", ["command-no-secrets-in-command-line"], "the API key split over two shell variables in the command line"),
  {
    kind: "limit",
    name: "stack-output-unsecret-token",
    tries: "the gateway token exported as a stack output through pulumi.unsecret (plain text in state and `pulumi stack output`)",
    why: "policies get every value with its secret marker removed, so a plain output and a secret one (this project exports the token as a secret) look the same; the program's own tests prove its outputs are secret",
  },
  evasion("firewall-description-secret", "ping-only", ["hcloud-inputs-no-secrets"], "a 48-hex API token in a firewall rule's description", { secrets: ["4f1c9a0b7e2d58c3a6b9f0e1d2c3b4a5d6e7f8091a2b3c4d"] }),

  // ---- second red team: writes the shell reading does not model -------------------------------------
  evasion("cd-relative-sudoers", "agent-restart-sudo", ["step-payloads-readable", "host-access-files-untouched"], "`cd /etc/sudoers.d` then `sudo tee openclaw-restart`: a sudoers grant for the service user written through a relative path"),
  evasion("sudo-shell-heredoc", "root-tasks", ["step-payloads-readable", "host-access-files-untouched"], "`sudo -s <<'ROOT'`: the here-document is the root shell's input (a sudoers grant for the service user), not a command the step shows"),
  evasion("symlink-dir-sudoers", "ops-dir", ["step-payloads-readable", "host-access-files-untouched"], "`ln -sfn /etc/sudoers.d /etc/openclaw-ops`, then tee /etc/openclaw-ops/agent: the grant lands in sudoers.d through the link"),
  evasion("ex-edit-sudoers", "sudoers-tweak", ["step-payloads-readable", "host-access-files-untouched"], "`ex -s -c '$a|openclaw ALL=(ALL) NOPASSWD: ALL' -c wq /etc/sudoers`: an in-place edit with vi's line editor"),
  evasion("xargs-install-sudoers", "agent-sudo", ["step-payloads-readable", "host-access-files-untouched"], "a grant staged in /tmp and installed into /etc/sudoers.d by `xargs -I{} install …`: the writer is xargs' argument"),
  evasion("bash-env-script", "setup-helper", ["step-payloads-readable", "ssh-config-hardened"], "a /tmp script (an sshd drop-in allowing passwords) run by root through `env BASH_ENV=/tmp/… bash -c true`"),
  evasion("step-prints-env-file", "verify-secrets", ["command-secret-steps-silent"], "a 'verify' step without stdin that runs `sudo cat /etc/openclaw/gateway.env`: every secret into the Pulumi log and the step's stdout in state"),

  // ---- second red team: what runs later, from places the pack does not read --------------------------
  evasion("systemd-run-deferred-ufw", "migration-window", ["step-payloads-readable"], "`systemd-run --on-active=20min ufw --force disable`: a transient timer, no unit file written"),
  evasion("at-job-deferred", "load-test-window", ["step-payloads-readable"], "`echo 'ufw allow 18789/tcp' | at now + 30 minutes`: the job text is at's stdin"),
  evasion("tmpfiles-sudoers-at-boot", "agent-tmpfiles", ["step-payloads-readable", "host-access-files-untouched"], "/etc/tmpfiles.d rule `f+ /etc/sudoers.d/zz-agent … openclaw ALL=(ALL) NOPASSWD: ALL`: systemd-tmpfiles writes the grant at the next boot"),
  evasion("unit-in-usr-local-lib", "net-tune", ["step-payloads-readable"], "a unit in /usr/local/lib/systemd/system, enabled with systemctl, running `ufw --force disable` at every boot"),
  evasion("unit-dropin-system-control", "gateway-perf", ["gateway-unit-hardened"], "gateway unit drop-in under /etc/systemd/system.control (set-property's directory, above /etc/systemd/system): User=root, NoNewPrivileges=no"),
  evasion("apt-hook-post-invoke", "apt-restart-hook", ["step-payloads-readable", "unattended-upgrades-on"], "apt.conf.d file with only a DPkg::Post-Invoke hook that also runs `ufw --force disable` (root, after every dpkg run)"),
  evasion("logrotate-postrotate", "gateway-logrotate", ["step-payloads-readable", "ssh-config-hardened"], "/etc/logrotate.d rule whose postrotate (root, daily) writes an sshd drop-in sorting first: passwords, root"),

  // ---- second red team: sshd settings beyond the baseline ---------------------------------------------
  evasion("sshd-trusted-user-ca", "ssh-user-ca", ["ssh-config-hardened"], "sshd drop-in `TrustedUserCAKeys`: whoever holds a CA key outside the stack mints certificates for the admin"),
  evasion("sshd-authorized-keys-file-tmp", "break-glass-keys", ["ssh-config-hardened"], "sshd drop-in `AuthorizedKeysFile .ssh/authorized_keys /tmp/%u.keys`: any local user (openclaw) writes the admin's keys"),
  evasion("sshd-rsa-sha1-host-keys", "legacy-ci-ssh", ["ssh-config-hardened"], "sshd drop-in sorting first: HostKeyAlgorithms/PubkeyAcceptedAlgorithms with ssh-rsa (SHA-1) and ssh-dss, RequiredRSASize 1024 (kex, ciphers, MACs clean)"),

  // ---- second red team: cloud-init keys the reading skips ---------------------------------------------
  evasion("userdata-openclaw-sudo", SERVER, ["user-data-cloud-config", "host-access-files-untouched"], "the user data's openclaw user entry gets `sudo: ALL=(ALL) NOPASSWD:ALL` (cloud-init writes the grant itself)"),
  evasion("userdata-apt-conf-upgrades-off", SERVER, ["unattended-upgrades-on", "user-data-cloud-config"], "cloud-init `apt: conf:` (94cloud-init-config, sorts after 20auto-upgrades) with Unattended-Upgrade \"0\", no accepted risk"),
  evasion("userdata-apt-extra-key", SERVER, ["apt-authenticated", "user-data-cloud-config"], "cloud-init apt source for a vendor repo with keyid + keyserver: an extra signing key for every root install"),
  evasion("userdata-ansible-pull", SERVER, ["user-data-cloud-config"], "cloud-init `ansible: pull:` runs a playbook fetched from a git repository as root at first boot"),
  evasion("userdata-write-files-defer", SERVER, ["ssh-config-hardened"], "write_files entry with `defer: true` holding an sshd drop-in sorting first that allows passwords"),
  evasion("copy-archive-sudoers", "ops-helpers", ["host-access-files-untouched"], "an AssetArchive copied onto / with one entry at etc/sudoers.d/agent (no copied file names a sudoers path)"),

  // ---- second red team: Pulumi options and providers --------------------------------------------------
  evasion("gate-ignore-changes", "openclaw-audit-gateway", ["changes-not-ignored", "gate-last"], "a stack transform gives the gate `ignoreChanges: [triggers, create]`: digests in place, but the gate never runs again after the first deploy"),
  evasion("hcloud-provider-plain-http", "hcloud-office-proxy", ["hcloud-endpoint-https"], "an explicit hcloud provider for the server's component with endpoint http://… (the API token in clear); hcloud:endpoint untouched"),

  // ---- second red team: openclaw.json keys the checker does not read ---------------------------------
  evasion("openclaw-telegram-account-dm-open", "openclaw-configure-gateway", ["openclaw-config-hardened"], "channels.telegram.accounts.support: dmPolicy open, allowFrom ['*'] (the channel's top level stays hardened; OpenClaw's audit only warns)"),
  evasion("openclaw-telegram-apiroot-http", "openclaw-configure-gateway", ["openclaw-config-hardened"], "channels.telegram.apiRoot http://…: the bot token, part of every Bot API URL, in clear on the network"),
  evasion("openclaw-suppression-without-detail", "openclaw-configure-gateway", ["openclaw-config-hardened"], "with control-ui accepted: controlUi.dangerouslyDisableDeviceAuth and the accepted config.insecure_or_dangerous_flags suppression without detailIncludes (hides the finding)", { config: "test/corpus/configs/secure/Pulumi.all-loosenings-accepted.yaml" }),
  evasion("openclaw-topic-no-mention", "openclaw-configure-gateway", ["openclaw-config-hardened"], "with group-chats accepted: groups.<id>.topics.1.requireMention false (the group keeps requireMention true)", { config: "test/corpus/configs/secure/Pulumi.all-loosenings-accepted.yaml" }),
  evasion("openclaw-code-mode-node", "openclaw-configure-gateway", ["openclaw-config-hardened"], "tools.codeMode enabled, Node executor: an `exec` added after the deny list, running model-written JS in node:vm (no boundary)"),
  evasion("openclaw-debug-command", "openclaw-configure-gateway", ["openclaw-config-hardened"], "commands.debug true: /debug applies runtime config overrides (exec, DM policy…) from chat, never written to the file the pack and gate read"),

  // ---- insecure stack configs --------------------------------------------------------------------------
  insecure("token-placeholder", "gatewayToken", "gatewayToken left at a 'replace-with-your-token' placeholder"),
  insecure("token-low-entropy", "gatewayToken", "gatewayToken 0123…f twice: a run and its repeat", { secrets: ["0123456789abcdef0123456789abcdef"] }),
  insecure("token-repeated-pattern", "gatewayToken", "gatewayToken that is one word repeated"),
  insecure("token-too-short", "gatewayToken", "gatewayToken of 20 characters"),
  insecure("token-keyboard-walk", "gatewayToken", "gatewayToken that is a keyboard walk (qwerty…QWERTY…), the first thing a cracker tries", { secrets: ["qwertyuiopasdfghjklzxcvbnmQWERTYUIOPASDFGHJKLZXCVBNM"] }),
  insecure("token-sha256-of-password", "gatewayToken", "gatewayToken = sha256('password'), a published 64-hex value", { secrets: ["5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"] }),
  insecure("rsa-2048-operator-key", "adminSshKeys.0", "an RSA 2048 operator key"),
  insecure("dsa-operator-key", "adminSshKeys.1", "a DSA operator key"),
  insecure("forged-key-type", "adminSshKeys.0", "'ssh-ed25519' followed by an RSA 2048 blob"),
  insecure("node-mirror-plain-http", "nodeMirror", "plain-HTTP Node.js mirror without nodeSha256"),
  insecure("node-mirror-http-uppercase", "nodeMirror", "the same mirror written HTTP:// (capitals), without nodeSha256"),
  insecure("node-mirror-credentials", "nodeMirror", "user:password in the Node.js mirror URL"),
  insecure("node-mirror-token-in-query", "nodeMirror", "an access token in the mirror URL's query string", { secrets: ["9b2e7c4a1f0d83e6b5a4c3d2e1f0a9b8"] }),
  insecure("openclaw-before-cve-fix", "openclawVersion", "OpenClaw 2026.1.28, before the CVE-2026-25253 fix"),
  insecure("openclaw-below-minimum", "openclawVersion", "OpenClaw 2026.9.5, below versions.json's openclawMinimum"),
  insecure("label-api-key", "labels.billing-key", "an Anthropic API key in a label"),
  insecure("label-hex-token", "labels.enrol", "a 32-hex token in a label", { secrets: ["7c1e9f3a5b2d4086a1c3e5f7092b4d6f"] }),
  insecure("ssh-world-ipv4", "sshAllowedCidrs", "sshAllowedCidrs 0.0.0.0/0"),
  insecure("ssh-world-ipv6", "sshAllowedCidrs", "sshAllowedCidrs ::/0 next to an office /24"),
  insecure("ssh-two-slash1", "sshAllowedCidrs", "sshAllowedCidrs 0.0.0.0/1 + 128.0.0.0/1"),
  insecure("ssh-slash7", "sshAllowedCidrs", "sshAllowedCidrs a /7, no accepted risk"),
  insecure("ssh-three-slash9", "sshAllowedCidrs", "three /9s: together more than a /8"),
  insecure("ssh-ipv6-slash16", "sshAllowedCidrs", "an IPv6 /16"),
  insecure("unattended-upgrades-off", "unattendedUpgrades", "unattendedUpgrades false without acceptedRisks"),
  insecure("protection-off", "protection", "protection false without acceptedRisks"),
  insecure("backups-off", "backups", "backups false without acceptedRisks"),
  insecure("control-ui-on", "controlUi", "controlUi true without acceptedRisks"),
  insecure("groups-not-accepted", "channels.telegram.groups", "Telegram groups without the accepted risk group-chats"),
  insecure("tool-deny-reduced", "toolDeny", "toolDeny without group:runtime, no accepted risk"),
  insecure("risk-unknown-id", "acceptedRisks.0.id", "an accepted risk with an unknown id"),
  insecure("risk-short-reason", "acceptedRisks.0.reason", "backups-off accepted with the reason 'cheaper'"),
  insecure("risk-not-taken", "acceptedRisks.0.id", "control-ui accepted while controlUi is off"),
  insecure("dm-open", "channels.telegram.dmPolicy", "dmPolicy open"),
  insecure("allow-from-wildcard", "channels.telegram.allowFrom.0", "allowFrom ['*']"),
  insecure("require-mention-off", "channels.telegram.requireMention", "groups without the mention requirement"),
  insecure("tool-profile-full", "toolProfile", "the 'full' tool profile"),
  insecure("tool-profile-coding", "toolProfile", "the 'coding' tool profile"),
  insecure("ssh-on-gateway-port", "sshPort", "SSH on the gateway port 18789"),
  insecure("ssh-on-moved-gateway-port", "sshPort", "gateway and SSH both on 2222"),
  insecure("gateway-privileged-port", "gatewayPort", "the gateway on 443"),
  insecure("admin-user-root", "adminUser", "adminUser root"),
  insecure("discord-without-token", "discordBotToken", "Discord enabled without a bot token"),
  insecure("deploy-key-rsa-pem", "deployPrivateKey", "a PEM RSA deploy key instead of an OpenSSH one", { secrets: ["-----BEGIN RSA PRIVATE KEY-----"] }),
  insecure("unknown-key-typo", "sshAllowedCidr", "a misspelt key (sshAllowedCidr) that would silently keep the default"),
  { kind: "insecure", name: "hcloud-endpoint-plain-http", key: "hcloud:endpoint", tries: "hcloud:endpoint on plain HTTP ('a caching proxy'): the Hetzner API token travels in clear" },
  secure("model-code-mode-preferred", "model anthropic/claude-sonnet-5, a Code Mode 'preferred' model: safe because openclaw.json pins tools.codeMode false (the red team found it unsafe while it was unset)"),
  insecure("node-mirror-third-party-unpinned", "nodeMirror", "a third-party https Node.js mirror without nodeSha256: the tarball is checked only against that host's own SHASUMS256.txt"),

  // ---- secure stack configs ----------------------------------------------------------------------------
  secure("example", "the example stack (Pulumi.dev.yaml.example + esc/openclaw-dev.yaml)", { file: "Pulumi.dev.yaml.example" }),
  secure("example", "the example stack, planned as a preview", { file: "Pulumi.dev.yaml.example", preview: true }),
  secure("ssh-on-18789", "SSH on 18789 with gatewayPort 18790"),
  secure("key-comment-hex40", "an operator key whose comment ends in 40 hex digits"),
  secure("rsa-4096", "an RSA 4096 operator key"),
  secure("http-mirror-pinned", "a plain-HTTP mirror with nodeSha256"),
  secure("all-loosenings-accepted", "every loosening (updates, protection, backups, UI, groups, toolDeny, a /7) with its acceptedRisks entry and a real reason"),
  secure("all-loosenings-accepted", "the same, planned as a preview", { preview: true }),
  secure("unattended-off-accepted", "unattendedUpgrades false with its accepted risk"),
  secure("debian-12", "image debian-12"),
  secure("sandboxed-debian-12", "agentAccess sandboxed on Debian 12: the sandbox-userns step and its helper unit (no NoNewPrivileges, four capabilities), the one privileged unit the pack allows"),
  secure("ubuntu-2404-ssh-2222", "image ubuntu-24.04 with sshPort 2222"),
  secure("ipv6-only-cidrs", "IPv6-only sshAllowedCidrs"),
  secure("exactly-slash8", "sshAllowedCidrs exactly a /8"),
  secure("deploy-private-key", "a deployPrivateKey (ed25519, plain value)", { secrets: ["AAAAEBIICqYrpotAUIUlIZLbAvFMR6xENtE0b"] }),
  secure("discord-telegram-groups", "Discord and Telegram with groups, group-chats accepted"),
  secure("strong-plain-token", "a strong gatewayToken given as a plain value"),
  secure("whatsapp-allowlist", "WhatsApp with an E.164 allowlist"),
  secure("minimal-tools-sandboxed", "tighter than the default: minimal profile, extra denies, sandbox all, Telegram DMs off (groups, accepted), strict fail2ban, a year of logs"),
  secure("pinned-mirror-edge-ports", "an https company mirror with nodeSha256, SSH on 65535, the gateway on 1024, a 63-character server name, admin deploy_bot-1, channels off"),
  secure("discord-only-allowlist", "Discord only with a two-id DM allowlist, Telegram off, overlapping SSH ranges and an IPv6 /32"),
];

/** A case's unique label (name, plus "(preview)" for the preview variant). */
export function label(c: Case): string {
  return `${c.name}${c.preview ? " (preview)" : ""}`;
}

/** The stack file of a config case, relative to the repository root. */
export function configFile(c: ConfigCase): string {
  return c.file ?? `test/corpus/configs/${c.kind}/Pulumi.${c.name}.yaml`;
}

/** `npm run plan` arguments for a case (paths relative to the repository root). */
export function planArgs(c: Case): string[] {
  const args: string[] = [];
  if (c.kind === "evasion" || c.kind === "control" || c.kind === "limit") args.push("--program", `test/corpus/programs/${c.name}`);
  const config = c.kind === "insecure" || c.kind === "secure" ? configFile(c) : c.config;
  if (config) args.push("--config", config);
  if (c.policyConfig) args.push("--policy-config", c.policyConfig);
  if (c.preview) args.push("--preview");
  return [...args, "--json"];
}

/** The expected result, in words, for the README. */
export function expected(c: Case): string {
  switch (c.kind) {
    case "evasion":
      return `exit 1: ${c.rules!.map((r) => (r.startsWith("proposed:") ? `a rule to add (${r.slice(9)})` : `\`${r}\``)).join(" or ")} names \`${c.offender}\``;
    case "control":
      return "exit 0, no mandatory violation";
    case "limit":
      return `exit 0: a known limit (${c.why})`;
    case "insecure":
      return `exit 2 naming \`${c.key}\``;
    case "secure":
      return "exit 0, no mandatory violation";
  }
}

/** test/corpus/README.md's table, generated from CASES. */
export function readmeTable(): string {
  const rows = CASES.map((c) => `| \`${label(c)}\` | ${c.kind} | ${c.tries.replace(/\|/g, "\\|")} | ${expected(c).replace(/\|/g, "\\|")} |`);
  return ["| name | kind | what it tries | expected |", "| --- | --- | --- | --- |", ...rows].join("\n");
}
