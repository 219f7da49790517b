// libFuzzer target: see FuzzTarget.scoreCSV.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.scoreCSV)
