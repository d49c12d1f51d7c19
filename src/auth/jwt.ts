import { errors, jwtVerify, SignJWT } from 'jose';

export interface JwtSettings {
  secret: string;
  ttlSeconds: number;
  issuer: string;
  audience: string;
}

export interface AccessToken {
  token: string;
  expiresIn: number;
}

/** Signs and checks the service's own access tokens. HS256 only: the algorithm is pinned on
 * verification, so `alg: none` and algorithm-confusion tokens are refused. */
export class JwtService {
  private readonly key: Uint8Array;

  constructor(private readonly settings: JwtSettings) {
    this.key = new TextEncoder().encode(settings.secret);
  }

  /** A short-lived token naming the user (and nothing about tenants). */
  async issue(userId: string): Promise<AccessToken> {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .sign(this.key);
    return { token, expiresIn: this.settings.ttlSeconds };
  }

  /** The user id of a valid token, or null for anything invalid, expired or forged. */
  async verify(token: string): Promise<string | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      });
      return typeof payload.sub === 'string' ? payload.sub : null;
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }
}
