package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Thresholds;

/**
 * The use case behind both checks (primary port): judge the CDP replication health of a selection
 * of policies and VMs.
 */
public interface EvaluateCdpHealth {

  /**
   * Reads the selected CDP policies and sessions and judges them, each VM's age against thresholds
   * derived from its policy's long-term interval ({@link
   * io.cdpwatch.core.check.AgeThresholds#fromPolicy}).
   *
   * @throws io.cdpwatch.core.port.out.CdpSourceException when EM could not be read
   */
  CdpReport evaluate(Selection selection);

  /**
   * Reads the selected CDP policies and sessions and judges them, every VM's age against the same
   * thresholds.
   *
   * @param ageThresholds judged against the age in seconds of each VM's newest task session
   * @throws io.cdpwatch.core.port.out.CdpSourceException when EM could not be read
   */
  CdpReport evaluate(Selection selection, Thresholds ageThresholds);
}
