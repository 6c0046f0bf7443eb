// Where an organization's macro sync pass stands (it resumes from there), and the macros it removes.
export interface MacroPass {
  // Every macro the pass listed is marked with it; the ones not marked left Zendesk (or the filter).
  passId: string;
  // The next page of active macros; null before the first one.
  cursor: string | null;
}

export abstract class MacroSyncRecords {
  abstract getPass(organizationId: string): Promise<MacroPass | null>;
  // `pass` null: no pass under way. False, and nothing saved, when the run was failed as abandoned meanwhile.
  abstract savePass(runId: string, organizationId: string, pass: MacroPass | null): Promise<boolean>;
  abstract removeMacrosNotSeen(organizationId: string, passId: string): Promise<number>;
  abstract removeAllMacros(organizationId: string): Promise<number>;
  // The locale most of the organization's help-center articles are in; null when it has none.
  abstract helpCenterLocale(organizationId: string): Promise<string | null>;
}
