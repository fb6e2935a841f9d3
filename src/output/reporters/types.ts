// The contract between the `check` command and its reporters: a reporter is a
// pure function from findings to the text written to stdout. It does no I/O,
// reads no environment, and decides no colour (the palette is given).

import type { FindingRecord } from '../../model.js';

export type Format = 'stylish' | 'json' | 'sarif' | 'github' | 'junit' | 'gitlab';

export type ReportSeverity = 'error' | 'warning' | 'info';

/** A finding as reporters see it: the one serialisable finding type. */
export type ReportFinding = FindingRecord;

export interface RuleDescription {
  id: string;
  description: string;
  severity: ReportSeverity;
  fixable: boolean;
  helpText: string;
}

/** An input that could not be read or parsed. */
export interface ReportProblem {
  path: string;
  line?: number;
  column?: number;
  message: string;
}

/** Palette for stylish only; identity functions when colour is off. */
export interface ReportPalette {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline?(s: string): string;
}

export interface ReportInput {
  /** Already sorted by path, line, column, ruleId. */
  findings: ReportFinding[];
  /** Every rule known (SARIF tool.driver.rules). */
  rules: RuleDescription[];
  /** Unreadable inputs (parse errors). */
  problems: ReportProblem[];
  toolVersion: string;
  palette: ReportPalette;
  /** Every file checked, clean or not, as reported (JUnit gives each a testcase). */
  files: string[];
  /**
   * Where else this run writes its whole report (another --format's file,
   * the job summary), for a format that shows only part of it (github).
   */
  elsewhere: string[];
  /** Columns stylish wraps messages to (default 100). */
  width?: number;
}

export type Reporter = (input: ReportInput) => string;
