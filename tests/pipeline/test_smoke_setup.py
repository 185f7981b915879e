def test_the_world_fixture_builds_a_zone_with_its_people(world):
    assert world.project.zone == world.zone
    assert world.outsider.zones.get() == world.other_zone
