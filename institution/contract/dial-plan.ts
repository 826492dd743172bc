import { z } from 'zod';
import { compilePattern, MAX_DIAL_PATTERNS, MAX_PATTERN_LENGTH } from './dial-pattern.ts';

/**
 * The dial plan and auto-answer as the policy carries them (matching: dial-pattern.ts,
 * re-exported here for the institution's side).
 */
export * from './dial-pattern.ts';

/** A pattern as the policy carries it: validated by compiling it. */
export const DialPattern = z
  .string()
  .min(1)
  .max(MAX_PATTERN_LENGTH)
  .refine((s) => compilePattern(s).ok, { message: 'not a dial pattern (digits, X, [digit classes], {m,n}, a leading +)' });

/** `policy.dialPlan`: the numbers agents may dial; absent from the policy, any well-formed number. */
export const DialPlanPolicy = z.object({ allowed: z.array(DialPattern).max(MAX_DIAL_PATTERNS) }).strict();
export type DialPlanPolicy = z.infer<typeof DialPlanPolicy>;

/** `policy.autoAnswer`: a ringing call is answered after `delaySeconds` when the agent is Ready (示闲). */
export const AutoAnswerPolicy = z.object({ enabled: z.boolean(), delaySeconds: z.number().int().min(0).max(30) }).strict();
export type AutoAnswerPolicy = z.infer<typeof AutoAnswerPolicy>;
