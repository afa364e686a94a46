import type { TokenCredential } from '@azure/identity';
import { Client, GraphError, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { DirectoryUnavailableError, type GroupDirectory } from '../../core/group-directory';
import type { Logger } from '../../core/logger';

export interface GraphDirectoryOptions {
  /** Graph's base URL, for example https://graph.microsoft.com (sovereign clouds differ). */
  endpoint: string;
  credential: TokenCredential;
  log: Logger;
  /** A card action waits for this answer, so Graph gets a few seconds at most. */
  timeoutMs?: number;
}

interface IdPage {
  value?: { id?: string }[];
  '@odata.nextLink'?: string;
}

/**
 * Group membership from Microsoft Graph with `@microsoft/microsoft-graph-client`. Needs the
 * `GroupMember.Read.All` application permission. Transitive queries follow nested groups.
 */
export class GraphGroupDirectory implements GroupDirectory {
  readonly enabled = true;
  private readonly client: Client;

  constructor(private readonly options: GraphDirectoryOptions) {
    const endpoint = options.endpoint.replace(/\/$/, '');
    const scopes = [`${endpoint}/.default`];
    this.client = Client.initWithMiddleware({
      authProvider: new TokenCredentialAuthenticationProvider(options.credential, { scopes }),
      baseUrl: `${endpoint}/`,
      defaultVersion: 'v1.0',
      // Tokens go to Graph's own hosts, and to the configured one (a national cloud's).
      customHosts: new Set([new URL(endpoint).hostname]),
    });
  }

  groupsOf(userId: string): Promise<string[]> {
    return this.ids(`/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.group`);
  }

  usersIn(groupId: string): Promise<string[]> {
    return this.ids(`/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user`);
  }

  /** Every id on every page; an unknown user or group has none. */
  private async ids(path: string): Promise<string[]> {
    const ids: string[] = [];
    let next: string | undefined = `${path}?$select=id&$top=999&$count=true`;
    try {
      while (next) {
        const page = await this.page(next);
        for (const item of page.value ?? []) if (item.id) ids.push(item.id);
        next = relativeLink(page['@odata.nextLink']);
      }
      return ids;
    } catch (error) {
      if (error instanceof GraphError && error.statusCode === 404 && ids.length === 0) return [];
      this.options.log.warn({ path, err: error instanceof Error ? error.message : String(error) }, 'Microsoft Graph did not answer a group membership query');
      throw new DirectoryUnavailableError(`Microsoft Graph could not be asked about ${path}`);
    }
  }

  private page(url: string): Promise<IdPage> {
    // Casting to a type (microsoft.graph.group) is an advanced query: Graph wants eventual consistency.
    return this.client
      .api(url)
      .header('ConsistencyLevel', 'eventual')
      // Someone waits on a card: one quick retry when throttled, then the decision fails closed.
      .middlewareOptions([new RetryHandlerOptions(1, 1)])
      .option('signal', AbortSignal.timeout(this.options.timeoutMs ?? 5000))
      .get() as Promise<IdPage>;
  }
}

/** A next-page link as a path under the configured endpoint, so paging never leaves that host. */
function relativeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  const url = new URL(link);
  return `${url.pathname.replace(/^\/v1\.0\//, '/')}${url.search}`;
}
