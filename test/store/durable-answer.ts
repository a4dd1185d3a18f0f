/** The answer a durable run of the BullMQ tests streams: what a reader must end with, whole. */
export const answerOf = (runId: string, count: number): string =>
  `Answer ${runId}: ${Array.from({ length: count }, (_, i) => `w${i + 1}`).join(' ')}.`;
