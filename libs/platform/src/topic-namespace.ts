/**
 * Maps the contract topic names onto the cluster's names. With a prefix, several environments or
 * test runs share one broker without reading each other's messages.
 */
export class TopicNamespace {
  constructor(private readonly prefix: string) {}

  name(topic: string): string {
    return `${this.prefix}${topic}`;
  }

  contractName(clusterTopic: string): string {
    return this.prefix && clusterTopic.startsWith(this.prefix) ? clusterTopic.slice(this.prefix.length) : clusterTopic;
  }
}
