/** Bodies of new documents: the headings people should fill in, in the order they read them at 1am. */
export interface TemplateInput {
  title: string;
  date: string;
  author: string;
  number?: string;
}

const q = (s: string) => JSON.stringify(s);

export const TEMPLATES = {
  runbook: (t: TemplateInput) => `---
title: ${q(t.title)}
description: ""
tags: []
services: []          # lab entity ids, e.g. container:nas/pihole
owner: ${q(t.author)}
mode: production      # production | sandbox
# last_verified: ${t.date}   # set when you have followed this runbook and it worked
decisions: []         # related decisions by number, e.g. "0002"
---

## Symptoms

What the person paged sees.

## Check

\`\`\`sh
# commands that confirm the diagnosis
\`\`\`

## Fix

## Verify

## Rollback
`,
  decision: (t: TemplateInput) => `---
status: proposed      # proposed | accepted | rejected | deprecated | "superseded by ADR-NNNN"
date: ${t.date}
decision-makers: [${q(t.author)}]
consulted: []
informed: []
---

# ${t.title}

## Context and Problem Statement

## Considered Options

* Option 1
* Option 2

## Decision Outcome

Chosen option: "", because

### Consequences

* Good, because
* Bad, because
`,
  drill: (t: TemplateInput) => `---
title: ${q(t.title)}
targets: [host:example]           # lab entity ids the fault is aimed at
mode: sandbox                     # production | sandbox
hypothesis: "Describe what should keep working, and how fast it recovers."
max_age: 30d
recovery:
  timeout: 60s
  poll_interval: 2s
steady_state:
  - type: tcp
    host: 127.0.0.1
    port: 22
fault:
  - type: manual
    instructions: "Describe the fault to inject."
rollback: []
---

## Why this drill

## What happened last time
`,
  incident: (t: TemplateInput) => `---
title: ${q(t.title)}
date: ${t.date}
duration: 0m
severity: minor                   # critical | major | minor
services: []
trigger: ""
resolution: ""
follow_up:
  decisions: []
  runbooks: []
---

## Summary

## Timeline

| Time | What happened |
| ---- | ------------- |
|      |               |

## What went wrong

Paste the exact error messages here, in a code block: that is how the next person finds this page.

## What fixed it

## Follow-ups

- [ ] 
`,
} as const;

export type Kind = keyof typeof TEMPLATES;
