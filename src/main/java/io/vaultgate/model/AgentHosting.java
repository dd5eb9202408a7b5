package io.vaultgate.model;

/**
 * Which agents run a resource's pipelines; it decides which access paths {@code Ready} requires. Microsoft-hosted
 * agents call the vault from their own public address, unknown until the job runs; self-hosted ones from their
 * virtual network.
 */
public enum AgentHosting {
  MicrosoftHosted,
  SelfHosted,
  Both;

  public boolean microsoftHosted() {
    return this != SelfHosted;
  }

  public boolean selfHosted() {
    return this != MicrosoftHosted;
  }
}
