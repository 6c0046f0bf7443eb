import { FastifyReply as Response, FastifyRequest as Request } from 'fastify';
import { AppConfig } from '../../../config/app-config';
import { setSessionCookie } from './console-session';

describe('the console session cookie', () => {
  const set = (secure: boolean, publicBaseUrl: string) => {
    const cookie = jest.fn();
    setSessionCookie({ protocol: secure ? 'https' : 'http' } as Request, { cookie } as unknown as Response, 'sealed', { publicBaseUrl } as AppConfig);
    return cookie.mock.calls[0];
  };

  it('is HttpOnly, strictly same-site, for /console only, and Secure when the request or the public address is https', () => {
    expect(set(false, 'http://localhost:3000')).toEqual([
      'ocx_console_session',
      'sealed',
      { httpOnly: true, sameSite: 'strict', secure: false, path: '/console', maxAge: 8 * 3600 },
    ]);
    expect(set(true, 'http://localhost:3000')[2]).toMatchObject({ secure: true });
    expect(set(false, 'https://assist.example.com')[2]).toMatchObject({ secure: true });
  });
});
