// libFuzzer target: see FuzzTarget.runsCSV.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.runsCSV)
