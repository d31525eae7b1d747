import type { CreateRoomResponse, RoomLanguage } from '@kohtaamo/shared';

/** Creates a room through `POST /api/rooms` on the server at `baseUrl`. */
export async function createRoom(
  baseUrl: string,
  title = 'Palvelupolku',
  language: RoomLanguage = 'fi',
): Promise<CreateRoomResponse> {
  const response = await fetch(`${baseUrl}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, language }),
  });
  if (response.status !== 201) {
    throw new Error(`POST /api/rooms answered ${response.status}: ${await response.text()}`);
  }
  return (await response.json()) as CreateRoomResponse;
}

/** The capability token of a board link (`/b/<roomId>?t=<token>`). */
export function linkToken(link: string): string {
  return new URL(link, 'http://link.invalid').searchParams.get('t') ?? '';
}
