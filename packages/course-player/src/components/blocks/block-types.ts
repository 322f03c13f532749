import type { BundleBlock } from '@course/contracts';

type BlockOf<T extends BundleBlock['type']> = Extract<BundleBlock, { type: T }>;
export type CalloutBlock = BlockOf<'callout'>;
export type KeyTermsBlock = BlockOf<'key-terms'>;
export type ImageBlock = BlockOf<'image'>;
export type RevealBlock = BlockOf<'reveal'>;
export type TimelineBlock = BlockOf<'timeline'>;
export type ComparisonBlock = BlockOf<'comparison'>;
export type ReflectionBlock = BlockOf<'reflection'>;
