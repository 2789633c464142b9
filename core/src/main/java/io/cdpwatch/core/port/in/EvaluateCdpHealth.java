package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Thresholds;

/**
 * The use case behind both checks (primary port): judge the CDP replication health of a selection
 * of policies and VMs.
 */
public interface EvaluateCdpHealth {

  /**
   * Reads the selected CDP sessions and judges them.
   *
   * @param ageThresholds judged against the age in seconds of each VM's newest task session
   * @throws io.cdpwatch.core.port.out.CdpSourceException when EM could not be read
   */
  CdpReport evaluate(Selection selection, Thresholds ageThresholds);
}
