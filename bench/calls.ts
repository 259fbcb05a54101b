export async function calls(_o: unknown): Promise<void> {}
