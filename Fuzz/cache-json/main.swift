// libFuzzer target: see FuzzTarget.cacheJSON.
import FuzzDriver
import FuzzTargets

FuzzDriver.main(.cacheJSON)
