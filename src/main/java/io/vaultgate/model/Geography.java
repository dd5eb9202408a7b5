package io.vaultgate.model;

/**
 * Azure DevOps geographies, as named in Organization settings &gt; Overview. Each one selects the inbound IPv4
 * ranges Azure DevOps uses to reach customer resources (the ranges table says which).
 */
public enum Geography {
  AsiaPacific, Australia, Brazil, Canada, Europe, India, UnitedKingdom, UnitedStates
}
