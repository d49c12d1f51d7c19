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
  // Tokens that passed verification. Whether a token string carries a valid signature, issuer,
  // audience and algorithm never changes, so that check (a WebCrypto HMAC, a measurable share of
  // each request) runs once per token; the time claims are checked on every use, strictly: a
  // token in its grace seconds goes through the full check again. Bounded, oldest out first.
  // Nothing about the user is kept: authentication reads the user row on every request.
  // (Should verification ever depend on something that can change for the same token — a
  // denylist, a per-user "tokens issued before" — that check must not be answered from here.)
  private readonly verified = new Map<string, VerifiedToken>();

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
    const now = Date.now() / 1000;
    const known = this.verified.get(token);
    if (known && known.nbf <= now && now < known.exp) return known.userId;
    const verified = await this.verifyFully(token);
    if (!verified) return null;
    this.remember(token, verified);
    return verified.userId;
  }

  private async verifyFully(token: string): Promise<VerifiedToken | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 5,
      });
      // jose has checked that exp (required) and nbf (when present) are numbers.
      if (typeof payload.sub !== 'string' || payload.exp === undefined) return null;
      return { userId: payload.sub, exp: payload.exp, nbf: payload.nbf ?? -Infinity };
    } catch (error) {
      if (error instanceof errors.JOSEError) return null;
      throw error;
    }
  }

  private remember(token: string, verified: VerifiedToken): void {
    this.verified.delete(token);
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, verified);
  }
}

interface VerifiedToken {
  userId: string;
  exp: number;
  nbf: number;
}

const MAX_VERIFIED_TOKENS = 10_000;
