import { graphql } from './gql';

/** An account's id from its email (to give it a role or a permission). */
export const UserIdByEmailQuery = graphql(`
  query ConsoleUserIdByEmail($email: String!) {
    userIdByEmail(email: $email)
  }
`);
