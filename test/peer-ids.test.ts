// The migration table (docs/hadolint-migration.md): every peer id is covered by a rule, explained, or pending.
import { describe, expect, it } from "vitest";
import { coveringRules } from "../src/docs/migration.js";
import { BUILDKIT_CHECKS, HADOLINT_IDS, NOT_COVERED, PENDING, QUIETER, SHELLCHECK_ID } from "../src/docs/peer-ids.js";
import { rules } from "../src/index.js";

const ALL = [...HADOLINT_IDS.map((p) => p.id), ...BUILDKIT_CHECKS.map((p) => p.id), SHELLCHECK_ID];

describe("peer ids", () => {
  it("are listed once each", () => {
    expect(new Set(ALL).size).toBe(ALL.length);
  });

  it("are each covered by a rule, given a reason, or pending: exactly one of them", () => {
    const wrong: string[] = [];
    for (const id of ALL) {
      const covered = coveringRules(rules, id).length > 0;
      const states = [covered && "covered", id in NOT_COVERED && "NOT_COVERED", id in PENDING && "PENDING"].filter(Boolean);
      if (states.length !== 1)
        wrong.push(`${id}: ${states.length === 0 ? "neither covered nor explained (add a NOT_COVERED reason)" : states.join(" and ")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("explain nothing that is not a peer id, and note quieter cases only for covered ids", () => {
    for (const id of [...Object.keys(NOT_COVERED), ...Object.keys(PENDING)]) expect(ALL).toContain(id);
    for (const id of Object.keys(QUIETER)) expect(coveringRules(rules, id).length, id).toBeGreaterThan(0);
  });

  it("include every id a rule names as an equivalent", () => {
    for (const rule of rules)
      for (const id of rule.equivalents) expect(/^SC\d+$/.test(id) || ALL.includes(id), `${rule.id}: ${id}`).toBe(true);
  });
});
