export async function memory(_o: unknown): Promise<void> {}
