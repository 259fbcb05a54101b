export async function detect(_o: unknown): Promise<void> {}
