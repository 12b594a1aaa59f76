import type { INestApplication } from '@nestjs/common';

/** Starts an app on a free loopback port and returns its base URL (IPv4, as the tests call it). */
export async function listenLocally(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
