// Types of openclaw-config-check.js (plain CommonJS, shipped to servers as is).

export declare const BASELINE_TOOL_DENY: string[];
/** Risk id -> audit check ids an accepted risk lets openclaw.json suppress. */
export declare const RISK_SUPPRESSIONS: Record<string, string[]>;
export declare const SUPPRESSIONS_FLAG: string;
/** The detailIncludes a SUPPRESSIONS_FLAG suppression must carry (only the finding about the suppressions themselves). */
export declare const SUPPRESSIONS_FLAG_DETAIL: string;
/** Chat commands that change configuration or state at runtime (`commands.<key>`), each with why it must be false. */
export declare const STATEFUL_COMMANDS: Record<string, string>;

export interface OpenclawConfigProblem {
  message: string;
  /** The accepted risk that makes this loosening acceptable, if one can. */
  risk?: string;
}

/** The exec mode OpenClaw applies (`mode`, else the legacy security/ask pair); undefined when unset. */
export declare function effectiveExecMode(exec: unknown): string | undefined;
/** Problems of a parsed openclaw.json that the accepted risks do not cover. */
export declare function openclawConfigProblems(config: unknown, acceptedRisks?: readonly string[]): OpenclawConfigProblem[];
