export async function scaling(_o: unknown): Promise<void> {}
