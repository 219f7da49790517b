// libFuzzer target: see FuzzTarget.flo.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.flo)
