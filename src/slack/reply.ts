/** What a person is answered, ephemerally: text, or text with Block Kit (buttons on a list, say). */
export type Reply = string | { text: string; blocks: unknown[] };
